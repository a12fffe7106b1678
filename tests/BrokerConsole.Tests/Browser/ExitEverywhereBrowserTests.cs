using System.Text.RegularExpressions;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>
/// "Exit SBIN everywhere" from the Positions view in real Chromium, against the app's own Kite and Angel One sandboxes:
/// one preview lists both accounts' closing orders under each broker's symbol, one confirm sends them, and the positions
/// are flat after. The preview is shot on a desktop and a phone, light and dark.
/// </summary>
[Collection(ExitsBrowserGroup.Name)]
public sealed class ExitEverywhereBrowserTests(BrowserFixture fixture)
{
    private static async Task PlaceMarketAsync(IPage page, string account, string side, string symbol, string quantity)
    {
        await page.ClickAsync("[data-testid=place-order]");
        await page.ClickAsync("[data-testid=order-account]");
        await page.Locator($".mud-popover-open .mud-list-item:has-text('{account}')").ClickAsync();
        await page.ClickAsync($"[data-testid=side-{side}]");
        await page.Locator("[data-testid=order-type]").GetByText("MARKET", new() { Exact = true }).ClickAsync();
        await page.FillAsync("[data-testid=order-symbol]", symbol);
        await BrowserFixture.FillNumericAsync(page, "order-quantity", quantity);
        await page.Locator("[data-testid=order-product]").GetByText("MIS", new() { Exact = true }).ClickAsync();
        await page.ClickAsync("[data-testid=submit-order]");
        await Assertions.Expect(page.Locator("[data-testid=place-result]")).ToHaveAttributeAsync("data-outcome", "Placed");
        await page.ClickAsync("[data-testid=close-order]");
        await Assertions.Expect(page.Locator("[data-testid=place-order-form]")).ToHaveCountAsync(0);
    }

    private static async Task<ILocator> OpenPreviewAsync(IPage page)
    {
        await page.GotoAsync("/portfolio");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=portfolio-tabs] .mud-tab >> nth=1");
        await page.ClickAsync("[data-testid=exit-everywhere][data-symbol=SBIN]");
        var legs = page.Locator("[data-testid=exit-leg]");
        await Assertions.Expect(legs).ToHaveCountAsync(2, new() { Timeout = 20_000 });
        return legs;
    }

    [Fact]
    public async Task Exit_SBIN_in_a_Kite_and_an_Angel_account_with_one_preview_and_one_confirm()
    {
        var page = await fixture.RegisterAsync("exit-everywhere@example.com");
        await fixture.AddConnectedDemoKiteAccountAsync(page, "Sandbox Kite");
        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await BrowserFixture.ChooseBrokerAsync(page, "Angel One");
        await page.FillAsync("[data-testid=field-DisplayName]", "Sandbox Angel");
        await page.FillAsync("[data-testid=field-ClientId]", SandboxDemo.AngelClientCode);
        await page.FillAsync("[data-testid=field-ApiKey]", SandboxDemo.AngelApiKey);
        await page.FillAsync("[data-testid=field-Mpin]", SandboxDemo.AngelMpin);
        await page.FillAsync("[data-testid=field-TotpSecret]", SandboxDemo.AngelTotpSecret);
        await page.ClickAsync("[data-testid=save-account]");
        var angel = page.Locator("[data-testid=account-card]:has-text('Sandbox Angel')");
        await angel.Locator("[data-testid=connect-account]").ClickAsync();
        await Assertions.Expect(angel).ToHaveAttributeAsync("data-state", "Active");

        // The catalog makes Kite's SBIN and Angel One's SBIN-EQ one instrument.
        await page.GotoAsync("/instruments");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=instruments-refresh]");
        await Assertions.Expect(page.Locator("[data-testid=instruments-result]")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        await page.GotoAsync("/orders");
        await BrowserFixture.WaitForCircuitAsync(page);
        await PlaceMarketAsync(page, "Sandbox Kite", "buy", "SBIN", "3");
        await PlaceMarketAsync(page, "Sandbox Angel", "sell", "SBIN", "2");

        foreach (var variant in ScreenVariant.All)
        {
            await variant.ApplyAsync(page);
            var legs = await OpenPreviewAsync(page);
            await variant.ExpectThemeAsync(page);
            var kite = legs.Filter(new() { HasText = "Sandbox Kite" });
            var angelLeg = legs.Filter(new() { HasText = "Sandbox Angel" });
            // The side once, as the coloured chip; the words start at the quantity.
            await Assertions.Expect(kite.Locator("[data-testid=order-side]")).ToHaveAttributeAsync("data-side", "Sell");
            await Assertions.Expect(kite.Locator("[data-testid=exit-leg-order]")).ToHaveTextAsync("3 NSE:SBIN MARKET MIS DAY");
            await Assertions.Expect(angelLeg.Locator("[data-testid=order-side]")).ToHaveAttributeAsync("data-side", "Buy");
            await Assertions.Expect(angelLeg.Locator("[data-testid=exit-leg-order]")).ToHaveTextAsync("2 NSE:SBIN MARKET MIS DAY");
            await Assertions.Expect(angelLeg).ToContainTextAsync("SBIN-EQ");
            await Assertions.Expect(page.Locator("[data-testid=exit-confirm]")).ToHaveTextAsync(new Regex("Exit 2 positions"));
            await variant.ShootAsync(page, "46-exit-preview");
            if (variant != ScreenVariant.All[^1])
            {
                await page.ClickAsync("[data-testid=exit-cancel]");
                await Assertions.Expect(page.Locator("[data-testid=exit-dialog]")).ToHaveCountAsync(0);
            }
        }

        await page.ClickAsync("[data-testid=exit-confirm]");
        var outcomes = page.Locator("[data-testid=exit-outcome]");
        await Assertions.Expect(outcomes).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await Assertions.Expect(outcomes.Nth(0)).ToHaveAttributeAsync("data-outcome", "Done");
        await Assertions.Expect(outcomes.Nth(1)).ToHaveAttributeAsync("data-outcome", "Done");
        await Assertions.Expect(page.Locator("[data-testid=exit-confirm]")).ToHaveCountAsync(0); // one confirm: the button is gone
        await ScreenVariant.PhoneDark.ShootAsync(page, "47-exit-result");
        await page.ClickAsync("[data-testid=exit-done]");

        // Refreshed after the dialog: SBIN is flat in both accounts, so there is nothing left to exit.
        await Assertions.Expect(page.Locator("[data-testid=exit-everywhere][data-symbol=SBIN]")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
    }
}
