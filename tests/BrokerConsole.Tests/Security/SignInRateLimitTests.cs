using System.Net;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Api;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Security;

public sealed class LowRateLimits : IAppRecipe
{
    public const int PerMinute = 3;

    public static AppFixture Recipe() => AppFixture.Create()
        .WithClock(new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 4, 0, 0, TimeSpan.Zero)))
        .WithSetting("Identity:RateLimits:SignInPerMinute", "3")
        .WithSetting("Identity:RateLimits:RegisterPerMinute", "3")
        .WithSetting("Identity:RateLimits:TwoFactorPerMinute", "3")
        .WithSetting("Identity:RateLimits:UnknownApiKeysPerMinute", "3");
}

/// <summary>Issue #17 §5: per-address limits on sign-in, registration, the two-factor step and unknown API keys.</summary>
public sealed class SignInRateLimitTests(SharedApp<LowRateLimits> app) : IClassFixture<SharedApp<LowRateLimits>>
{
    private HttpClient ClientFrom(string address)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(TestPeer.Header, address);
        return client;
    }

    [Theory]
    [InlineData("/account/login", "203.0.113.11")]
    [InlineData("/account/register", "203.0.113.12")]
    [InlineData("/account/login-2fa", "203.0.113.13")]
    public async Task Form_posts_over_the_limit_429_with_retry_after_per_address(string path, string address)
    {
        using var client = ClientFrom(address);
        for (var i = 0; i < LowRateLimits.PerMinute; i++)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.Email"] = "guess@example.com", ["Form.Password"] = $"guess-{i}" });
            using var allowed = await client.PostAsync(path, form);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }

        using var last = new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.Email"] = "guess@example.com" });
        using var limited = await client.PostAsync(path, last);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, limited.Headers.RetryAfter?.ToString());
        // Another address is not held back by this one's guesses, and the page itself still loads.
        using var other = ClientFrom("198.51.100.7");
        using var otherForm = new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.Email"] = "guess@example.com" });
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await other.PostAsync(path, otherForm)).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Unknown_api_keys_429_past_the_limit_and_log_one_summary_a_minute()
    {
        const string address = "203.0.113.21";
        using var client = ClientFrom(address);
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, "bc_not-a-real-key");
        int LogLines() => app.Logs.Lines.Count(l => l.Contains("unknown or revoked API key", StringComparison.Ordinal) && l.Contains(address, StringComparison.Ordinal));
        int Summaries() => app.Logs.Lines.Count(l => l.Contains("more requests with unknown or revoked API keys", StringComparison.Ordinal));
        // A window that started with earlier tests' requests is closed first.
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var summariesBefore = Summaries();

        for (var i = 0; i < LowRateLimits.PerMinute; i++)
        {
            using var unknown = await client.GetAsync("/api/v1/accounts");
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        }

        using var limited = await client.GetAsync("/api/v1/accounts");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.True(limited.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 }, limited.Headers.RetryAfter?.ToString());
        Assert.Equal(1, LogLines());
        Assert.Equal(summariesBefore, Summaries());

        app.Clock.Advance(TimeSpan.FromSeconds(61));
        using var afterWindow = await client.GetAsync("/api/v1/accounts");

        Assert.Equal(HttpStatusCode.Unauthorized, afterWindow.StatusCode);
        Assert.Equal(summariesBefore + 1, Summaries());
        Assert.Contains(app.Logs.Lines, l => l.Contains("3 more requests with unknown or revoked API keys from 1 addresses", StringComparison.Ordinal));
        Assert.Equal(2, LogLines());
    }
}
