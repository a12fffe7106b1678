using System.Net;
using System.Text;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using OtpNet;

namespace BrokerConsole.Tests.Identity;

/// <summary>
/// Issue #17 §2: the console's own second factor through real HTTP: enrolment with an authenticator key (the code
/// computed here with Otp.NET, as an app would), the code step at sign-in, a wrong code, single-use recovery codes.
/// </summary>
public sealed class TwoFactorSignInTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Password = "nifty-50-strong";

    private HttpClient NewBrowser() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static string CodeFor(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow);

    /// <summary>A 6-digit code that is none of the codes Identity accepts around now (it allows a few 30-second steps either side).</summary>
    private static string WrongCodeFor(string key)
    {
        var totp = new Totp(Base32Encoding.ToBytes(key));
        var accepted = Enumerable.Range(-3, 7).Select(step => totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30 * step))).ToHashSet();
        return Enumerable.Range(0, 10).Select(i => $"{i}{i}{i}{i}{i}{i}").First(c => !accepted.Contains(c));
    }

    /// <summary>Where the password step sends the browser: the code step, on this site.</summary>
    private static string CodeStepOf(HttpResponseMessage passwordStep)
    {
        Assert.Equal(HttpStatusCode.Redirect, passwordStep.StatusCode);
        var location = passwordStep.Headers.Location!;
        var path = location.IsAbsoluteUri ? location.PathAndQuery : "/" + location.OriginalString.TrimStart('/');
        Assert.StartsWith("/account/login-2fa?", path, StringComparison.Ordinal);
        return path;
    }

    private static async Task<HttpResponseMessage> PasswordStepAsync(HttpClient browser, string email) =>
        await browser.SubmitAsync("/account/login", "login", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = Password });

    /// <summary>A user with two-factor on, enrolled through the page; returns the key and the recovery codes shown once.</summary>
    private async Task<(string Email, string Key, IReadOnlyList<string> RecoveryCodes)> EnrolledUserAsync()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        await app.CreateUserAsync(email, Password);
        var browser = NewBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await PasswordStepAsync(browser, email)).StatusCode);

        var page = await browser.GetDocumentAsync("/account/two-factor");
        Assert.NotNull(page.QuerySelector("[data-testid=two-factor-qr] svg"));
        var key = page.QuerySelector("[data-testid=two-factor-key]")!.TextContent.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

        var enabled = await browser.SubmitAsync("/account/two-factor", "enable-2fa", new Dictionary<string, string> { ["Enable.Code"] = CodeFor(key) });
        var body = await enabled.BodyAsync();
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(body);
        var codes = document.QuerySelectorAll("[data-testid=recovery-code]").Select(c => c.TextContent.Trim()).ToList();
        Assert.True(codes.Count == 10, body);
        return (email, key, codes);
    }

    [Fact]
    public async Task Enrolment_shows_the_key_and_a_qr_code_and_ten_recovery_codes_none_of_which_the_database_holds_in_clear()
    {
        var (_, key, codes) = await EnrolledUserAsync();

        Assert.Equal(10, codes.Distinct().Count());
        var bytes = app.ReadDatabaseBytes();
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(key)));
        foreach (var code in codes)
        {
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(code)));
        }
    }

    [Fact]
    public async Task Sign_in_asks_for_the_code_refuses_a_wrong_one_and_accepts_the_right_one()
    {
        var (email, key, _) = await EnrolledUserAsync();
        var browser = NewBrowser();

        var codeStep = CodeStepOf(await PasswordStepAsync(browser, email));
        // The password alone is not a sign-in.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/settings")).StatusCode);

        var wrong = await browser.SubmitAsync(codeStep, "login-2fa", new Dictionary<string, string> { ["Form.Code"] = WrongCodeFor(key) });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("That code is not right", await wrong.BodyAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/settings")).StatusCode);

        var right = await browser.SubmitAsync(codeStep, "login-2fa", new Dictionary<string, string> { ["Form.Code"] = CodeFor(key) });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/settings")).StatusCode);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_and_is_refused_the_second_time()
    {
        var (email, _, codes) = await EnrolledUserAsync();

        var first = NewBrowser();
        var step = CodeStepOf(await PasswordStepAsync(first, email));
        var used = await first.SubmitAsync(step, "login-2fa", new Dictionary<string, string> { ["Form.Code"] = codes[3] });
        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/settings")).StatusCode);

        var second = NewBrowser();
        step = CodeStepOf(await PasswordStepAsync(second, email));
        var again = await second.SubmitAsync(step, "login-2fa", new Dictionary<string, string> { ["Form.Code"] = codes[3] });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("That recovery code is not right or has been used already.", await again.BodyAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/settings")).StatusCode);

        // Another unused code still works.
        var other = await second.SubmitAsync(step, "login-2fa", new Dictionary<string, string> { ["Form.Code"] = codes[4] });
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
    }
}
