using System.Net;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Identity;

public sealed class SignInTests(TestApp app) : IClassFixture<TestApp>
{
    private HttpClient NewBrowser() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static Dictionary<string, string> Credentials(string email, string password) => new()
    {
        ["Form.Email"] = email,
        ["Form.Password"] = password,
    };

    /// <summary>The redirect target's path, after checking it stays on this site.</summary>
    private static string LocalTarget(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        if (location.IsAbsoluteUri)
        {
            Assert.Equal("localhost", location.Host);
            return location.PathAndQuery;
        }

        return location.OriginalString;
    }

    [Theory]
    [InlineData("/accounts")]
    [InlineData("/portfolio")]
    [InlineData("/orders")]
    [InlineData("/schedules")]
    [InlineData("/notifications")]
    [InlineData("/settings")]
    [InlineData("/account/change-password")]
    public async Task Anonymous_request_to_a_page_redirects_to_sign_in(string path)
    {
        var response = await NewBrowser().GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/account/register")]
    public async Task Sign_in_and_register_pages_are_open(string path)
    {
        var response = await NewBrowser().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Register_signs_the_user_in_and_lands_on_accounts()
    {
        var browser = NewBrowser();
        var response = await browser.SubmitAsync("/account/register", "register", new Dictionary<string, string>
        {
            ["Form.Email"] = "new-trader@example.com",
            ["Form.Password"] = "nifty-2026-long",
            ["Form.ConfirmPassword"] = "nifty-2026-long",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/accounts", LocalTarget(response));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/accounts")).StatusCode);
    }

    [Fact]
    public async Task Register_with_weak_password_explains_the_rule()
    {
        var response = await NewBrowser().SubmitAsync("/account/register", "register", new Dictionary<string, string>
        {
            ["Form.Email"] = "weak@example.com",
            ["Form.Password"] = "short",
            ["Form.ConfirmPassword"] = "short",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The password must be 10 to 128 characters.", await response.BodyAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_twice_with_same_email_is_refused()
    {
        await app.CreateUserAsync("taken@example.com");
        var response = await NewBrowser().SubmitAsync("/account/register", "register", new Dictionary<string, string>
        {
            ["Form.Email"] = "taken@example.com",
            ["Form.Password"] = "nifty-2026-long",
            ["Form.ConfirmPassword"] = "nifty-2026-long",
        });
        Assert.Contains("An account with that email already exists", await response.BodyAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_with_right_password_redirects_to_safe_return_url_only()
    {
        await app.CreateUserAsync("login-ok@example.com", "sensex-2026-ok");
        var browser = NewBrowser();
        var response = await browser.SubmitAsync("/account/login?returnUrl=/settings", "login", Credentials("login-ok@example.com", "sensex-2026-ok"));
        Assert.Equal("/settings", LocalTarget(response));

        var offsite = await NewBrowser().SubmitAsync("/account/login?returnUrl=//evil.example.com/", "login", Credentials("login-ok@example.com", "sensex-2026-ok"));
        Assert.Equal("/accounts", LocalTarget(offsite));
    }

    [Fact]
    public async Task Sign_in_with_wrong_password_gives_one_message_for_unknown_and_known_users()
    {
        await app.CreateUserAsync("known@example.com", "sensex-2026-ok");
        var known = await NewBrowser().SubmitAsync("/account/login", "login", Credentials("known@example.com", "wrong-password-1"));
        var unknown = await NewBrowser().SubmitAsync("/account/login", "login", Credentials("nobody@example.com", "wrong-password-1"));
        const string message = "That email and password do not match an account, or the account is locked for 15 minutes after repeated failures.";
        Assert.Contains(message, await known.BodyAsync(), StringComparison.Ordinal);
        Assert.Contains(message, await unknown.BodyAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_for_the_right_password()
    {
        var userId = await app.CreateUserAsync("lockme@example.com", "sensex-2026-ok");
        for (var i = 0; i < 5; i++)
        {
            await NewBrowser().SubmitAsync("/account/login", "login", Credentials("lockme@example.com", $"wrong-password-{i}"));
        }

        var response = await NewBrowser().SubmitAsync("/account/login", "login", Credentials("lockme@example.com", "sensex-2026-ok"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("locked for 15 minutes", await response.BodyAsync(), StringComparison.Ordinal);

        await using var scope = app.ScopeFor(userId);
        var audit = await scope.ServiceProvider.GetRequiredService<IAuditTrail>().RecentAsync(20);
        Assert.Contains(audit, e => e.Action == AuditAction.LockedOut);
        Assert.Equal(4, audit.Count(e => e.Action == AuditAction.SignInFailed));
    }

    [Fact]
    public async Task Sign_out_requires_antiforgery_and_ends_the_session()
    {
        await app.CreateUserAsync("signout@example.com", "sensex-2026-ok");
        var browser = NewBrowser();
        await browser.SubmitAsync("/account/login", "login", Credentials("signout@example.com", "sensex-2026-ok"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/settings")).StatusCode);

        // A cross-site POST without the token is refused.
        var forged = await browser.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/settings")).StatusCode);

        var document = await browser.GetDocumentAsync("/account/change-password");
        var token = document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var signOut = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/settings")).StatusCode);
    }

    [Fact]
    public async Task Change_password_requires_the_current_one_then_takes_effect()
    {
        await app.CreateUserAsync("changer@example.com", "sensex-2026-ok");
        var browser = NewBrowser();
        await browser.SubmitAsync("/account/login", "login", Credentials("changer@example.com", "sensex-2026-ok"));

        var wrong = await browser.SubmitAsync("/account/change-password", "change-password", new Dictionary<string, string>
        {
            ["Form.CurrentPassword"] = "not-my-password-1",
            ["Form.NewPassword"] = "bank-nifty-2027",
            ["Form.ConfirmPassword"] = "bank-nifty-2027",
        });
        Assert.Contains("The current password is wrong.", await wrong.BodyAsync(), StringComparison.Ordinal);

        var ok = await browser.SubmitAsync("/account/change-password", "change-password", new Dictionary<string, string>
        {
            ["Form.CurrentPassword"] = "sensex-2026-ok",
            ["Form.NewPassword"] = "bank-nifty-2027",
            ["Form.ConfirmPassword"] = "bank-nifty-2027",
        });
        Assert.Contains("Your password was changed.", await ok.BodyAsync(), StringComparison.Ordinal);

        var oldPassword = await NewBrowser().SubmitAsync("/account/login", "login", Credentials("changer@example.com", "sensex-2026-ok"));
        Assert.Equal(HttpStatusCode.OK, oldPassword.StatusCode);
        var newPassword = await NewBrowser().SubmitAsync("/account/login", "login", Credentials("changer@example.com", "bank-nifty-2027"));
        Assert.Equal(HttpStatusCode.Redirect, newPassword.StatusCode);
    }
}
