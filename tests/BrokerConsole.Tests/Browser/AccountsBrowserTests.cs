using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

[Collection(AccountsBrowserGroup.Name)]
public sealed class AccountsBrowserTests(BrowserFixture fixture)
{
    private const string CanarySecret = "CANARYbrowserSecret77x";
    private const string CanaryMpin = "6391";

    [Fact]
    public async Task Register_add_two_accounts_and_see_their_cards()
    {
        var page = await fixture.RegisterAsync("browser-user@example.com");

        await Assertions.Expect(page.Locator("[data-testid=accounts-empty]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=signed-in-user]")).ToHaveTextAsync("browser-user@example.com");
        await BrowserFixture.ScreenshotAsync(page, "01-accounts-empty");

        // Zerodha (the default broker in the dialog). A first save with nothing filled shows per-field errors.
        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await page.Locator("[data-testid=account-editor]").WaitForAsync();
        await page.ClickAsync("[data-testid=save-account]");
        await Assertions.Expect(page.GetByText("API secret is required for Zerodha.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Zerodha user id is required for Zerodha.")).ToBeVisibleAsync();

        await page.FillAsync("[data-testid=field-DisplayName]", "Primary Kite");
        await page.FillAsync("[data-testid=field-ClientId]", "ab1234");
        await page.FillAsync("[data-testid=field-ApiKey]", "kitebrowser01");
        await page.FillAsync("[data-testid=field-ApiSecret]", CanarySecret);
        await page.FillAsync("[data-testid=field-RedirectUrl]", "http://localhost:5080/connect/zerodha/callback");
        await BrowserFixture.ScreenshotAsync(page, "02-add-zerodha-dialog");
        await page.ClickAsync("[data-testid=save-account]");
        await Assertions.Expect(page.Locator("[data-testid=account-editor]")).ToBeHiddenAsync();

        var cards = page.Locator("[data-testid=account-card]");
        await Assertions.Expect(cards).ToHaveCountAsync(1);
        await Assertions.Expect(cards.First.Locator("[data-testid=account-name]")).ToHaveTextAsync("Primary Kite");
        await Assertions.Expect(cards.First).ToContainTextAsync("AB1234");
        await Assertions.Expect(cards.First.Locator("[data-testid=session-badge]")).ToHaveTextAsync("No session");

        // Angel One: pick the broker in the dropdown; the form changes to its fields.
        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await BrowserFixture.ChooseBrokerAsync(page, "Angel One");
        await Assertions.Expect(page.Locator("[data-testid=field-Mpin]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=field-RedirectUrl]")).ToHaveCountAsync(0);
        await page.FillAsync("[data-testid=field-DisplayName]", "Angel family");
        await page.FillAsync("[data-testid=field-ClientId]", "A123456");
        await page.FillAsync("[data-testid=field-ApiKey]", "angelbrowser01");
        await page.FillAsync("[data-testid=field-Mpin]", "12");
        await page.FillAsync("[data-testid=field-TotpSecret]", "JBSWY3DPEHPK3PXP JBSWY3DPEHPK3PXP");
        await page.ClickAsync("[data-testid=save-account]");
        await Assertions.Expect(page.GetByText("The MPIN is exactly 4 digits.")).ToBeVisibleAsync();
        await page.FillAsync("[data-testid=field-Mpin]", CanaryMpin);
        await Assertions.Expect(page.GetByText("The MPIN is exactly 4 digits.")).ToBeHiddenAsync();
        await page.ClickAsync("[data-testid=save-account]");
        await Assertions.Expect(cards).ToHaveCountAsync(2);
        await BrowserFixture.ScreenshotAsync(page, "03-accounts-two-cards");

        // Secrets never reach the page, even after a reload.
        await page.ReloadAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(cards).ToHaveCountAsync(2);
        var html = await page.ContentAsync();
        Assert.DoesNotContain(CanarySecret, html, StringComparison.Ordinal);
        Assert.DoesNotContain(CanarySecret, fixture.App.Output, StringComparison.Ordinal);

        // Editing shows the secret as stored, not its value.
        await cards.Filter(new() { HasText = "Primary Kite" }).Locator("[data-testid=edit-account]").ClickAsync();
        var secretField = page.Locator("[data-testid=field-ApiSecret]");
        await Assertions.Expect(secretField).ToHaveValueAsync("");
        Assert.Contains("stored", await secretField.GetAttributeAsync("placeholder") ?? "", StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "04-edit-account");

        // The audit trail is visible to its owner, and carries names, never values.
        await page.GotoAsync("/settings");
        await BrowserFixture.WaitForCircuitAsync(page);
        var audit = page.Locator("[data-testid=audit-grid]");
        await Assertions.Expect(audit).ToContainTextAsync("Added Zerodha account 'Primary Kite' (AB1234)");
        await Assertions.Expect(audit).ToContainTextAsync("Added Angel One account 'Angel family' (A123456)");
        await Assertions.Expect(audit).ToContainTextAsync("Registered");
        Assert.DoesNotContain(CanarySecret, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(CanaryMpin, await audit.InnerTextAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "05-settings-activity");
    }

    [Fact]
    public async Task Each_user_sees_only_their_own_cards()
    {
        var first = await fixture.RegisterAsync("browser-owner@example.com");
        await first.ClickAsync("[data-testid=add-account] >> nth=0");
        await first.FillAsync("[data-testid=field-DisplayName]", "Owner only");
        await first.FillAsync("[data-testid=field-ClientId]", "ZX9876");
        await first.FillAsync("[data-testid=field-ApiKey]", "ownerkey01");
        await first.FillAsync("[data-testid=field-ApiSecret]", "owner-secret-01");
        await first.FillAsync("[data-testid=field-RedirectUrl]", "http://localhost:5080/connect/zerodha/callback");
        await first.ClickAsync("[data-testid=save-account]");
        await Assertions.Expect(first.Locator("[data-testid=account-card]")).ToHaveCountAsync(1);

        var second = await fixture.RegisterAsync("browser-other@example.com");
        await Assertions.Expect(second.Locator("[data-testid=accounts-empty]")).ToBeVisibleAsync();
        Assert.DoesNotContain("Owner only", await second.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_snackbar_never_covers_the_dialog_button_needed_next()
    {
        // On a phone a snackbar spans the width of the screen and the dialog's buttons sit at its bottom: a
        // confirmation there hid Save for six seconds (on a desktop a long message did the same).
        var page = await fixture.RegisterAsync("browser-snackbar@example.com");
        await page.SetViewportSizeAsync(390, 844);
        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await page.FillAsync("[data-testid=field-RedirectUrl]", "http://localhost:5080/connect/zerodha/callback");
        await page.GetByLabel("Copy the redirect URL").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToBeVisibleAsync();

        await BrowserFixture.AssertNotCoveredAsync(page.Locator("[data-testid=save-account]"));
        await BrowserFixture.AssertNotCoveredAsync(page.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }));
        await BrowserFixture.ScreenshotAsync(page, "02c-add-account-snackbar-phone");
    }

    [Fact]
    public async Task Sign_out_in_the_app_bar_lands_on_sign_in_and_the_pages_stay_closed()
    {
        var page = await fixture.RegisterAsync("browser-sign-out@example.com");
        await page.GotoAsync("/settings");
        await BrowserFixture.WaitForCircuitAsync(page);

        await page.ClickAsync("[data-testid=sign-out]");
        await page.WaitForURLAsync("**/account/login**");
        await Assertions.Expect(page.Locator("[data-testid=sign-in]")).ToBeVisibleAsync();

        await page.GotoAsync("/accounts");
        await page.WaitForURLAsync("**/account/login**");
    }

    [Fact]
    public async Task Signed_out_visitor_is_sent_to_sign_in()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/accounts");
        await page.WaitForURLAsync("**/account/login**");
        await BrowserFixture.ScreenshotAsync(page, "00-sign-in");
        await Assertions.Expect(page.Locator("[data-testid=sign-in]")).ToBeVisibleAsync();
    }
}
