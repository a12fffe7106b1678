using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>
/// The Accounts page as a trader sees it, desktop and phone, light and dark: cards, the compact table, the editor and
/// Manage Account, saved as screenshots to look at. Also what needs a real browser: the R key on a card without a session.
/// </summary>
[Collection(AccountsBrowserGroup.Name)]
public sealed class AccountsLookBrowserTests(BrowserFixture fixture)
{
    private const string PageWiderThanViewport = "() => document.documentElement.scrollWidth > window.innerWidth + 1";

    [Fact]
    public async Task Cards_table_editor_and_manage_account_in_light_and_dark_on_desktop_and_phone()
    {
        var page = await fixture.RegisterAsync("accounts-look@example.com");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        var kite = await fixture.AddConnectedDemoKiteAccountAsync(page, "Primary Kite");
        await AddAngelAsync(page, "Angel family");
        var angel = page.Locator("[data-testid=account-card]:has-text('Angel family')");
        await Assertions.Expect(angel.Locator("[data-testid=session-badge]")).ToHaveTextAsync("No session");
        await Assertions.Expect(kite.Locator("[data-testid=session-badge]")).ToHaveAttributeAsync("data-status", new System.Text.RegularExpressions.Regex("^(live|expiring)$"));

        // R on the card without a session says why nothing happened.
        await angel.FocusAsync();
        await page.Keyboard.PressAsync("r");
        await Assertions.Expect(angel.Locator("[data-testid=card-note]")).ToContainTextAsync("Nothing to re-check");

        foreach (var (scheme, name) in new[] { (ColorScheme.Light, "light"), (ColorScheme.Dark, "dark") })
        {
            await page.EmulateMediaAsync(new() { ColorScheme = scheme });
            await Assertions.Expect(page.Locator($"[data-theme={name}]")).ToHaveCountAsync(1);
            foreach (var (width, height, device) in new[] { (1280, 860, "desktop"), (390, 844, "phone") })
            {
                await page.SetViewportSizeAsync(width, height);
                await ShowLayoutAsync(page, "layout-cards", "[data-testid=account-cards]");
                await BrowserFixture.ScreenshotAsync(page, $"40-accounts-cards-{device}-{name}");
                Assert.False(await page.EvaluateAsync<bool>(PageWiderThanViewport), $"cards, {device}, {name}: the page scrolls sideways");

                await ShowLayoutAsync(page, "layout-table", "[data-testid=accounts-table]");
                await BrowserFixture.ScreenshotAsync(page, $"41-accounts-table-{device}-{name}");
                Assert.False(await page.EvaluateAsync<bool>(PageWiderThanViewport), $"table, {device}, {name}: the page scrolls sideways");
                await ShowLayoutAsync(page, "layout-cards", "[data-testid=account-cards]");

                await page.ClickAsync("[data-testid=add-account] >> nth=0");
                await BrowserFixture.ChooseBrokerAsync(page, "Fyers");
                await page.ClickAsync("[data-testid=static-ip-panel] .mud-expand-panel-header");
                await BrowserFixture.ScreenshotAsync(page, $"42-account-editor-{device}-{name}");
                await page.ClickAsync("[data-testid=cancel-account]");
                await Assertions.Expect(page.Locator("[data-testid=account-editor]")).ToHaveCountAsync(0);

                await kite.Locator("[data-testid=manage-account]").ClickAsync();
                await page.ClickAsync(".mud-tab:has-text('Test Connection')");
                await page.ClickAsync("[data-testid=run-test]");
                await Assertions.Expect(page.Locator("[data-testid=test-result]")).ToContainTextAsync("Success");
                await Assertions.Expect(page.Locator("[data-testid=close-manage]")).ToBeInViewportAsync();
                await BrowserFixture.ScreenshotAsync(page, $"43-manage-account-{device}-{name}");
                await page.ClickAsync("[data-testid=close-manage]");
                await Assertions.Expect(page.Locator("[data-testid=manage-dialog]")).ToHaveCountAsync(0);
            }
        }
    }

    private static async Task ShowLayoutAsync(IPage page, string toggle, string shown)
    {
        await page.ClickAsync($"[data-testid={toggle}]");
        await Assertions.Expect(page.Locator(shown)).ToBeVisibleAsync();
    }

    private static async Task AddAngelAsync(IPage page, string name)
    {
        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await BrowserFixture.ChooseBrokerAsync(page, "Angel One");
        await page.FillAsync("[data-testid=field-DisplayName]", name);
        await page.FillAsync("[data-testid=field-ClientId]", SandboxDemo.AngelClientCode);
        await page.FillAsync("[data-testid=field-ApiKey]", SandboxDemo.AngelApiKey);
        await page.FillAsync("[data-testid=field-Mpin]", SandboxDemo.AngelMpin);
        await page.FillAsync("[data-testid=field-TotpSecret]", SandboxDemo.AngelTotpSecret);
        await page.ClickAsync("[data-testid=save-account]");
        await Assertions.Expect(page.Locator($"[data-testid=account-card]:has-text('{name}')")).ToHaveCountAsync(1);
    }
}
