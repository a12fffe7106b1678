using System.Net;
using System.Text.Json;
using BrokerConsole.Core.ApiKeys;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Api;

/// <summary>An app whose clock the test moves, so a key's 90 days pass in a line.</summary>
public sealed class ClockedApi : IAppRecipe
{
    public static AppFixture Recipe() => AppFixture.Create().WithClock(new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 4, 0, 0, TimeSpan.Zero)));
}

/// <summary>Issue #17 §1: API keys expire when their owner chose, and an expired key is told apart from an unknown one.</summary>
public sealed class ApiKeyExpiryTests(SharedApp<ClockedApi> app) : IClassFixture<SharedApp<ClockedApi>>
{
    private async Task<(string UserId, CreatedApiKey Key)> NewKeyAsync(TimeSpan? lifetime, bool withDefault = false)
    {
        var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        await using var scope = app.ScopeFor(userId);
        var keys = scope.ServiceProvider.GetRequiredService<IApiKeyService>();
        var key = withDefault ? await keys.CreateAsync("default-life") : await keys.CreateAsync("chosen-life", lifetime);
        return (userId, key);
    }

    private HttpClient ClientWith(string key)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        return client;
    }

    [Fact]
    public async Task A_key_expires_after_90_days_by_default_and_is_then_refused_with_a_json_error_that_says_expired()
    {
        var (userId, key) = await NewKeyAsync(null, withDefault: true);
        Assert.Equal(app.Clock.GetUtcNow() + TimeSpan.FromDays(90), key.Key.ExpiresAt);
        using var client = ClientWith(key.Secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/accounts")).StatusCode);

        app.Clock.Advance(TimeSpan.FromDays(90));
        using var refused = await client.GetAsync("/api/v1/accounts");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("API key expired", problem.RootElement.GetProperty("title").GetString());
        Assert.Contains("expired on", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using var scope = app.ScopeFor(userId);
        var listed = Assert.Single(await scope.ServiceProvider.GetRequiredService<IApiKeyService>().ListAsync());
        Assert.True(listed.IsExpired);
        Assert.False(listed.IsRevoked);
    }

    [Fact]
    public async Task A_key_that_never_expires_still_works_years_later_and_its_last_use_is_recorded()
    {
        var (userId, key) = await NewKeyAsync(lifetime: null);
        Assert.Null(key.Key.ExpiresAt);

        app.Clock.Advance(TimeSpan.FromDays(800));
        using var client = ClientWith(key.Secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/accounts")).StatusCode);

        await using var scope = app.ScopeFor(userId);
        var listed = Assert.Single(await scope.ServiceProvider.GetRequiredService<IApiKeyService>().ListAsync());
        Assert.Equal(app.Clock.GetUtcNow(), listed.LastUsedAt);
        Assert.False(listed.IsExpired);
    }

    [Fact]
    public async Task A_lifetime_outside_one_day_to_a_year_is_refused()
    {
        var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        await using var scope = app.ScopeFor(userId);
        var keys = scope.ServiceProvider.GetRequiredService<IApiKeyService>();

        await Assert.ThrowsAsync<ApiKeyValidationException>(() => keys.CreateAsync("too-short", TimeSpan.FromHours(1)));
        await Assert.ThrowsAsync<ApiKeyValidationException>(() => keys.CreateAsync("too-long", TimeSpan.FromDays(400)));
    }
}
