using System.Net;
using BrokerConsole.Core.ApiKeys;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Api;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Security;

/// <summary>
/// Issue #17 §1: a signed-out or password-changed session is dead at once, everywhere. An attacker who copied the
/// auth cookie (from a shared machine, a proxy log, a backup of a browser profile) replays it with a plain HTTP client.
/// </summary>
public sealed class SessionEndTests(TestApp app) : IClassFixture<TestApp>
{
    private const string AuthCookie = "BrokerConsole.Auth";

    private HttpClient NewBrowser() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A client without a cookie jar that sends the stolen cookie header as it is on every request.</summary>
    private HttpClient Replaying(string cookieHeader)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookieHeader);
        return client;
    }

    private async Task<(HttpClient Browser, string StolenCookie)> SignedInAsync(string email, string password)
    {
        await app.CreateUserAsync(email, password);
        var browser = NewBrowser();
        var response = await browser.SubmitAsync("/account/login", "login", new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.Password"] = password,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(AuthCookie + "=", StringComparison.Ordinal));
        return (browser, setCookie.Split(';')[0]);
    }

    private static async Task SignOutAsync(HttpClient browser)
    {
        var document = await browser.GetDocumentAsync("/account/change-password");
        var token = document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var signOut = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
    }

    [Fact]
    public async Task A_copied_cookie_is_refused_after_sign_out()
    {
        var (browser, stolen) = await SignedInAsync("copied-signout@example.com", "sensex-2026-ok");
        var thief = Replaying(stolen);
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync("/account/change-password")).StatusCode);

        await SignOutAsync(browser);

        var after = await thief.GetAsync("/account/change-password");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await thief.GetAsync("/settings")).StatusCode);
    }

    [Fact]
    public async Task A_copied_cookie_is_refused_after_a_password_change_and_the_users_api_keys_stop_working()
    {
        var (browser, stolen) = await SignedInAsync("copied-change@example.com", "sensex-2026-ok");
        var userId = await UserIdAsync("copied-change@example.com");
        CreatedApiKey key;
        await using (var scope = app.ScopeFor(userId))
        {
            key = await scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync("nightly script");
        }

        using var script = app.CreateClient();
        script.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key.Secret);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/v1/orders")).StatusCode);
        var thief = Replaying(stolen);

        var changed = await browser.SubmitAsync("/account/change-password", "change-password", new Dictionary<string, string>
        {
            ["Form.CurrentPassword"] = "sensex-2026-ok",
            ["Form.NewPassword"] = "bank-nifty-2027",
            ["Form.ConfirmPassword"] = "bank-nifty-2027",
        });
        var page = await changed.BodyAsync();
        Assert.Contains("Your password was changed.", page, StringComparison.Ordinal);
        // The user is told, so a script that now fails is no mystery.
        Assert.Contains("1 API key was revoked", page, StringComparison.Ordinal);

        var after = await thief.GetAsync("/account/change-password");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/v1/orders")).StatusCode);
        // The browser that changed it stays signed in.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/settings")).StatusCode);
        await using (var scope = app.ScopeFor(userId))
        {
            Assert.True(Assert.Single(await scope.ServiceProvider.GetRequiredService<IApiKeyService>().ListAsync()).IsRevoked);
        }
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<BrokerConsole.Core.Identity.ApplicationUser>>();
        return (await users.FindByEmailAsync(email))!.Id;
    }
}
