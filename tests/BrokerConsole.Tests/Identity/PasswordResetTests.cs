using System.Net;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Identity.Registration;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Components.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Tests.Identity;

/// <summary>
/// The sign-in form's hygiene and "Forgot password?" without e-mail: an administrator's single-use reset link,
/// through the real static forms and Identity's tokens.
/// </summary>
public sealed class PasswordResetTests(TestApp app) : IClassFixture<TestApp>
{
    private HttpClient NewBrowser() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static ConsoleAdministrators Administrators(IServiceProvider services, params string[] emails) => new(
        services.GetRequiredService<UserManager<ApplicationUser>>(),
        Options.Create(new RegistrationOptions { Administrators = emails }));

    private static Dictionary<string, string> NewPassword(string password) => new()
    {
        ["Form.NewPassword"] = password,
        ["Form.ConfirmPassword"] = password,
    };

    [Fact]
    public async Task Sign_in_has_an_email_input_a_forgot_link_and_never_echoes_a_failed_password()
    {
        await app.CreateUserAsync("echo@example.com", "sensex-2026-ok");
        var form = await NewBrowser().GetDocumentAsync("/account/login");
        Assert.Equal("email", form.QuerySelector("#email")!.GetAttribute("type"));
        Assert.NotNull(form.QuerySelector("a[href='account/forgot-password']"));

        var failed = await NewBrowser().SubmitAsync("/account/login", "login", new Dictionary<string, string>
        {
            ["Form.Email"] = "echo@example.com",
            ["Form.Password"] = "wrong-password-echo-1",
        });

        var body = await failed.BodyAsync();
        Assert.Contains("That email and password do not match an account, or the account is locked for 15 minutes after repeated failures.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-echo-1", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await NewBrowser().GetAsync("/account/forgot-password")).StatusCode);
    }

    [Fact]
    public async Task An_administrators_reset_link_sets_a_new_password_once_and_is_audited_for_both()
    {
        var adminId = await app.CreateUserAsync("desk-admin@example.com", "sensex-2026-ok");
        var userId = await app.CreateUserAsync("forgetful@example.com", "sensex-2026-old");
        string url;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var links = new PasswordResetLinks(users, scope.ServiceProvider.GetRequiredService<IAuditTrail>(), Administrators(scope.ServiceProvider, "desk-admin@example.com"));
            var made = await links.CreateAsync((await users.FindByIdAsync(adminId))!, "forgetful@example.com", new Uri("http://localhost/"));
            Assert.True(made.Created, made.Message);
            url = made.Url!;
        }

        var reset = new Uri(url).PathAndQuery;
        var page = await NewBrowser().GetDocumentAsync(reset);
        Assert.Equal("no-referrer", page.QuerySelector("meta[name=referrer]")?.GetAttribute("content"));
        var done = await NewBrowser().SubmitAsync(reset, "reset-password", NewPassword("nifty-fresh-2027"));
        Assert.Contains("Your password was changed.", await done.BodyAsync(), StringComparison.Ordinal);

        var again = await NewBrowser().SubmitAsync(reset, "reset-password", NewPassword("nifty-other-2027"));
        Assert.Contains(PasswordResetLinks.InvalidLink, await again.BodyAsync(), StringComparison.Ordinal);

        var signIn = await NewBrowser().SubmitAsync("/account/login", "login", new Dictionary<string, string>
        {
            ["Form.Email"] = "forgetful@example.com",
            ["Form.Password"] = "nifty-fresh-2027",
        });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync();
        var trail = await db.AuditEntries.Where(e => e.UserId == userId || e.UserId == adminId).Select(e => new { e.UserId, e.Action, e.Summary }).ToListAsync();
        Assert.Contains(trail, e => e.UserId == adminId && e.Action == AuditAction.PasswordResetLinkCreated && e.Summary.Contains("forgetful@example.com", StringComparison.Ordinal));
        Assert.Contains(trail, e => e.UserId == userId && e.Action == AuditAction.PasswordResetLinkCreated);
        Assert.Contains(trail, e => e.UserId == userId && e.Action == AuditAction.PasswordReset);
        Assert.DoesNotContain(trail, e => e.Summary.Contains(QueryHelpers.ParseQuery(new Uri(url).Query)["token"].ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_an_administrator_makes_links_and_a_forged_token_is_refused()
    {
        var userId = await app.CreateUserAsync("not-admin@example.com", "sensex-2026-ok");
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var links = new PasswordResetLinks(users, scope.ServiceProvider.GetRequiredService<IAuditTrail>(), Administrators(scope.ServiceProvider, "someone-else@example.com"));

        var refused = await links.CreateAsync((await users.FindByIdAsync(userId))!, "not-admin@example.com", new Uri("http://localhost/"));

        Assert.False(refused.Created);
        Assert.Null(refused.Url);
        var forged = await NewBrowser().SubmitAsync($"/account/reset-password?user={userId}&token=Zm9yZ2Vk", "reset-password", NewPassword("nifty-forged-2027"));
        Assert.Contains(PasswordResetLinks.InvalidLink, await forged.BodyAsync(), StringComparison.Ordinal);
    }
}
