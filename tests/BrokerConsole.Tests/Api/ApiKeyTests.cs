using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BrokerConsole.Core.ApiKeys;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Api;

public abstract class ApiKeyTests(TestApp app)
{
    private async Task<(string UserId, CreatedApiKey Key)> NewUserWithKeyAsync(string name = "script")
    {
        var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        await using var scope = app.ScopeFor(userId);
        var key = await scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync(name);
        return (userId, key);
    }

    private HttpClient ClientWith(string? key)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        }

        return client;
    }

    [Fact]
    public async Task Create_new_key_secret_shown_once_and_only_hash_stored()
    {
        var (userId, created) = await NewUserWithKeyAsync("nightly-report");

        Assert.StartsWith("bc_", created.Secret, StringComparison.Ordinal);
        Assert.True(created.Secret.Length >= 40);
        Assert.Equal(created.Secret[..9], created.Key.Prefix);

        await using var scope = app.ScopeFor(userId);
        var listed = Assert.Single(await scope.ServiceProvider.GetRequiredService<IApiKeyService>().ListAsync());
        Assert.Equal("nightly-report", listed.Name);
        Assert.DoesNotContain(created.Secret, JsonSerializer.Serialize(listed), StringComparison.Ordinal);

        // The secret (and its random part) never reaches the database file; its hash does.
        var bytes = app.ReadDatabaseBytes();
        var randomPart = created.Secret[3..];
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(randomPart)));
        Assert.NotEqual(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(ApiKeyService.HashOf(created.Secret))));
        Assert.DoesNotContain(app.Logs.Lines, m => m.Contains(randomPart, StringComparison.Ordinal));

        var audit = await scope.ServiceProvider.GetRequiredService<IAuditTrail>().RecentAsync(10);
        Assert.Contains(audit, e => e.Action == AuditAction.ApiKeyCreated && e.Summary.Contains("nightly-report", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_empty_or_duplicate_name_rejected()
    {
        var (userId, _) = await NewUserWithKeyAsync("dup");
        await using var scope = app.ScopeFor(userId);
        var keys = scope.ServiceProvider.GetRequiredService<IApiKeyService>();
        await Assert.ThrowsAsync<ApiKeyValidationException>(() => keys.CreateAsync("  "));
        await Assert.ThrowsAsync<ApiKeyValidationException>(() => keys.CreateAsync("dup"));
        await Assert.ThrowsAsync<ApiKeyValidationException>(() => keys.CreateAsync(new string('x', ApiKeyService.NameMaxLength + 1)));
    }

    [Fact]
    public async Task Request_valid_key_ok_and_last_used_recorded()
    {
        var (_, created) = await NewUserWithKeyAsync();
        using var client = ClientWith(created.Secret);

        using var response = await client.GetAsync("/api/v1/accounts");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await response.Content.ReadFromJsonAsync<List<ApiAccount>>())!);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync();
        Assert.NotNull((await db.ApiKeys.SingleAsync(k => k.Id == created.Key.Id)).LastUsedAt);
    }

    [Theory]
    [InlineData(null, "header")]
    [InlineData("bc_not-a-real-key-0000000000000000000000000", "revoked")]
    [InlineData("garbage", "revoked")]
    public async Task Request_missing_or_unknown_key_401_problem(string? key, string detailWord)
    {
        using var client = ClientWith(key);

        using var response = await client.GetAsync("/api/v1/accounts");

        await ApiAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, ApiProblems.Unauthorized, detailWord);
        if (key is not null)
        {
            Assert.DoesNotContain(app.Logs.Lines, m => m.Contains(key, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Request_revoked_key_401_problem_and_audited()
    {
        var (userId, created) = await NewUserWithKeyAsync();
        using var client = ClientWith(created.Secret);
        using (var before = await client.GetAsync("/api/v1/accounts"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await using var scope = app.ScopeFor(userId);
        await scope.ServiceProvider.GetRequiredService<IApiKeyService>().RevokeAsync(created.Key.Id);

        using var after = await client.GetAsync("/api/v1/accounts");
        await ApiAssert.ProblemAsync(after, HttpStatusCode.Unauthorized, ApiProblems.Unauthorized, "revoked");
        var audit = await scope.ServiceProvider.GetRequiredService<IAuditTrail>().RecentAsync(10);
        Assert.Contains(audit, e => e.Action == AuditAction.ApiKeyRevoked);
        Assert.True(Assert.Single(await scope.ServiceProvider.GetRequiredService<IApiKeyService>().ListAsync()).IsRevoked);
    }

    [Fact]
    public async Task Revoke_other_users_key_not_found_and_key_still_works()
    {
        var (_, victimKey) = await NewUserWithKeyAsync();
        var (otherId, _) = await NewUserWithKeyAsync();
        await using var scope = app.ScopeFor(otherId);

        await Assert.ThrowsAsync<ApiKeyNotFoundException>(() => scope.ServiceProvider.GetRequiredService<IApiKeyService>().RevokeAsync(victimKey.Key.Id));

        using var client = ClientWith(victimKey.Secret);
        using var response = await client.GetAsync("/api/v1/accounts");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Request_signed_in_cookie_without_key_401()
    {
        // The cookie scheme is never consulted for /api/v1: even a browser that is signed in gets 401.
        var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        using var client = ClientWith(null);
        client.DefaultRequestHeaders.Add("Cookie", "BrokerConsole.Auth=" + userId);

        using var response = await client.GetAsync("/api/v1/accounts");

        await ApiAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, ApiProblems.Unauthorized, "header");
    }
}

/// <summary><see cref="ApiKeyTests"/> on SQLite, the default provider.</summary>
public sealed class ApiKeyTestsOnSqlite(TestApp app) : ApiKeyTests(app), IClassFixture<TestApp>;

/// <summary><see cref="ApiKeyTests"/> on PostgreSQL.</summary>
public sealed class ApiKeyTestsOnPostgres(SharedApp<PlainOnPostgres> app) : ApiKeyTests(app), IClassFixture<SharedApp<PlainOnPostgres>>;
