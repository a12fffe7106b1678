using BrokerConsole.Tests.TestSupport;
using OtpNet;
using static Microsoft.Playwright.Assertions;

namespace BrokerConsole.Tests.Browser;

/// <summary>
/// Issue #17 §1–2 in a real browser: creating an API key asks for the password in a dialog first; two-factor
/// enrolment from the page's key; then a sign-in from another browser with the password and the authenticator code.
/// </summary>
[Collection(LoginsBrowserGroup.Name)]
public sealed class TwoFactorBrowserTests(BrowserFixture fixture)
{
    private const string Password = "browser-test-2026"; // BrowserFixture.RegisterAsync's password

    private static string CodeFor(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow);

    [Fact]
    public async Task Password_before_an_api_key_then_enrol_and_sign_in_with_the_second_factor()
    {
        var email = $"two-factor-{Guid.NewGuid():N}@example.com";
        var page = await fixture.RegisterAsync(email);

        await page.GotoAsync("/settings");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.FillAsync("input[data-testid=api-key-name]", "browser-script");
        await page.ClickAsync("[data-testid=api-key-create]");
        await page.FillAsync("input[data-testid=reauth-password]", "not-my-password-1");
        await page.ClickAsync("[data-testid=reauth-confirm]");
        await Expect(page.Locator("[data-testid=reauth-error]")).ToHaveTextAsync("That password is not right.");
        await page.FillAsync("input[data-testid=reauth-password]", Password);
        await page.ClickAsync("[data-testid=reauth-confirm]");
        await Expect(page.Locator("[data-testid=api-key-value]")).ToBeVisibleAsync();

        await page.GotoAsync("/account/two-factor");
        await Expect(page.Locator("[data-testid=two-factor-qr] svg")).ToBeVisibleAsync();
        var key = (await page.TextContentAsync("[data-testid=two-factor-key]"))!.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        await page.FillAsync("#enable-code", CodeFor(key));
        await page.ClickAsync("[data-testid=two-factor-enable]");
        await Expect(page.Locator("[data-testid=recovery-code]")).ToHaveCountAsync(10);
        await BrowserFixture.ScreenshotAsync(page, "two-factor-recovery-codes");

        // Another browser (no cookie) signs in: the password, then the code step.
        page = await fixture.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("[data-testid=sign-in]");
        await page.WaitForURLAsync("**/account/login-2fa**");
        await page.FillAsync("#code", CodeFor(key));
        await page.ClickAsync("[data-testid=two-factor-verify]");
        await page.WaitForURLAsync("**/accounts");
        await Expect(page.Locator("[data-testid=signed-in-user]")).ToHaveTextAsync(email);
    }
}
