using System.Net;
using BrokerConsole.Core.ApiKeys;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Api;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Api;

public sealed class RateLimitedApi : IAppRecipe
{
    public const int PerMinute = 3;

    public static AppFixture Recipe() => AppFixture.Create()
        .WithSetting("Api:RequestsPerMinute", PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

public sealed class ApiRateLimitTests(SharedApp<RateLimitedApi> app) : IClassFixture<SharedApp<RateLimitedApi>>
{
    private async Task<string> NewKeyAsync(string userId, string name)
    {
        await using var scope = app.ScopeFor(userId);
        return (await scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync(name)).Secret;
    }

    [Fact]
    public async Task Request_over_limit_429_problem_per_key()
    {
        var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        var first = await NewKeyAsync(userId, "first");
        var second = await NewKeyAsync(userId, "second");
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, first);

        for (var i = 0; i < RateLimitedApi.PerMinute; i++)
        {
            using var ok = await client.GetAsync("/api/v1/accounts");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await client.GetAsync("/api/v1/accounts");
        await ApiAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests, ApiProblems.RateLimited, "3 requests a minute");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // The limit is per key: the same user's other key is unaffected.
        using var other = app.CreateClient();
        other.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, second);
        using var otherResponse = await other.GetAsync("/api/v1/accounts");
        Assert.Equal(HttpStatusCode.OK, otherResponse.StatusCode);
    }
}
