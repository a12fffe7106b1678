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
    [Fact]
    public async Task Cards_table_editors_manage_account_and_login_all_in_light_and_dark_on_desktop_and_phone()
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

        foreach (var variant in ScreenVariant.All)
        {
            await variant.ApplyAsync(page);
            await variant.ExpectThemeAsync(page);
            await ShowLayoutAsync(page, "layout-cards", "[data-testid=account-cards]");
            // The action rows of a row of cards line up: same top, same height (a live card's row no longer wraps).
            // On a phone the cards are stacked, one per row: there each action row is still one line high.
            var rows = page.Locator("[data-testid=account-card] .bc-card-actions");
            var (first, second) = (await rows.Nth(0).BoundingBoxAsync(), await rows.Nth(1).BoundingBoxAsync());
            Assert.True(first is not null && second is not null && Math.Abs(first.Height - second.Height) < 1 && (variant.IsPhone || Math.Abs(first.Y - second.Y) < 1),
                $"{variant.Name}: card action rows do not line up: {first?.Y}/{first?.Height} and {second?.Y}/{second?.Height}");
            await variant.ShootAsync(page, "40-accounts-cards");

            await ShowLayoutAsync(page, "layout-table", "[data-testid=accounts-table]");
            // The compact view answers "can I trade on it, and with how much": the live account's funds are in its row.
            await Assertions.Expect(page.Locator("tr:has([data-testid=account-name]:text-is('Primary Kite')) [data-testid=account-funds]")).ToContainTextAsync("₹");
            await variant.ExpectTablesFitAsync(page, "[data-testid=accounts-table]");
            await variant.ShootAsync(page, "41-accounts-table");
            await ShowLayoutAsync(page, "layout-cards", "[data-testid=account-cards]");

            // The editor, once per broker: each asks for different credentials.
            await page.ClickAsync("[data-testid=add-account] >> nth=0");
            await Assertions.Expect(page.Locator("[data-testid=field-ApiSecret]")).ToBeVisibleAsync();
            await variant.ShootAsync(page, "42-account-editor-zerodha");
            await BrowserFixture.ChooseBrokerAsync(page, "Angel One");
            await Assertions.Expect(page.Locator("[data-testid=field-Mpin]")).ToBeVisibleAsync();
            await variant.ShootAsync(page, "42-account-editor-angel");
            await BrowserFixture.ChooseBrokerAsync(page, "Dhan");
            await Assertions.Expect(page.Locator("[data-testid=dhan-login-mode]")).ToBeVisibleAsync();
            await variant.ShootAsync(page, "42-account-editor-dhan");
            await BrowserFixture.ChooseBrokerAsync(page, "Fyers");
            await page.ClickAsync("[data-testid=static-ip-panel] .mud-expand-panel-header");
            await variant.ShootAsync(page, "42-account-editor-fyers");
            await page.ClickAsync("[data-testid=cancel-account]");
            await Assertions.Expect(page.Locator("[data-testid=account-editor]")).ToHaveCountAsync(0);

            // Manage Account, each of its three tabs.
            await kite.Locator("[data-testid=manage-account]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=session-history]")).ToBeVisibleAsync();
            await variant.ShootAsync(page, "43-manage-overview");
            await page.ClickAsync(".mud-tab:has-text('Credentials')");
            await Assertions.Expect(page.Locator("[data-testid=manage-dialog]")).ToContainTextAsync("API key");
            await variant.ShootAsync(page, "43-manage-credentials");
            await page.ClickAsync(".mud-tab:has-text('Test Connection')");
            await page.ClickAsync("[data-testid=run-test]");
            await Assertions.Expect(page.Locator("[data-testid=test-result]")).ToContainTextAsync("Success");
            await Assertions.Expect(page.Locator("[data-testid=close-manage]")).ToBeInViewportAsync();
            await variant.ShootAsync(page, "43-manage-test");
            await page.ClickAsync("[data-testid=close-manage]");
            await Assertions.Expect(page.Locator("[data-testid=manage-dialog]")).ToHaveCountAsync(0);

            // Log in all with the account that needs a login listed, then back to the Accounts page.
            await page.ClickAsync("[data-testid=login-all-link] >> nth=0");
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Log in all");
            await Assertions.Expect(page.GetByText("Angel family").First).ToBeVisibleAsync();
            await variant.ShootAsync(page, "44-login-all");
            await page.GoBackAsync();
            await Assertions.Expect(kite).ToBeVisibleAsync();
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
