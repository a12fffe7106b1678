using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>
/// The Orders and Portfolio screens and their dialogs (Place, Modify, Cancel, History; the portfolio's three tabs) on a
/// desktop and on a phone, light and dark, saved as screenshots for people to look at. On a laptop every column of an
/// order fits beside the drawer; on a phone an order is a card whose symbol, side, status and actions are on screen.
/// </summary>
[Collection(TradingScreensBrowserGroup.Name)]
public sealed class TradingScreensBrowserTests(BrowserFixture fixture)
{
    private static async Task PlaceAsync(IPage page, string symbol, string type, string? price)
    {
        await page.ClickAsync("[data-testid=place-order]");
        var form = page.Locator("[data-testid=place-order-form]");
        await form.GetByText(type, new() { Exact = true }).ClickAsync();
        await page.FillAsync("[data-testid=order-symbol]", symbol);
        if (price is not null)
        {
            await BrowserFixture.FillNumericAsync(page, "order-price", price);
        }

        await page.ClickAsync("[data-testid=submit-order]");
        await Assertions.Expect(page.Locator("[data-testid=place-result]")).ToHaveAttributeAsync("data-outcome", "Placed");
        await page.ClickAsync("[data-testid=close-order]");
        await Assertions.Expect(page.Locator("[data-testid=place-order-form]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Orders_its_dialogs_and_portfolio_tabs_in_light_and_dark_on_desktop_and_phone()
    {
        var page = await fixture.RegisterAsync("trading-screens@example.com");
        await fixture.AddConnectedDemoKiteAccountAsync(page, "Sandbox Kite");
        await page.GotoAsync("/orders");
        await BrowserFixture.WaitForCircuitAsync(page);
        await PlaceAsync(page, "TCS", "MARKET", null);
        await PlaceAsync(page, "INFY", "LIMIT", "1000");
        var open = page.Locator("tr:has([data-testid=order-row][data-status=Open])");
        await Assertions.Expect(open).ToHaveCountAsync(1);

        foreach (var variant in ScreenVariant.All)
        {
            await variant.ApplyAsync(page);
            await page.GotoAsync("/orders");
            await BrowserFixture.WaitForCircuitAsync(page);
            await variant.ExpectThemeAsync(page);
            await Assertions.Expect(open).ToHaveCountAsync(1);
            // Every column of an open order, its status and its actions included, is on screen without scrolling sideways.
            foreach (var part in new[] { "[data-testid=order-row]", "[data-testid=order-side]", "[data-testid=order-status]", "[data-testid=modify-order]", "[data-testid=cancel-order]" })
            {
                var box = await open.Locator(part).BoundingBoxAsync();
                Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= variant.Width, $"{variant.Name}: {part} is not inside the {variant.Width}px screen: {box?.X}+{box?.Width}");
            }

            await Assertions.Expect(open.Locator("[data-testid=order-status]")).ToBeInViewportAsync(new() { Ratio = 1 });
            await variant.ExpectTablesFitAsync(page, "body");
            await variant.ShootAsync(page, "40-orders");

            await page.ClickAsync("[data-testid=place-order]");
            await Assertions.Expect(page.Locator("[data-testid=place-order-form]")).ToBeVisibleAsync();
            await variant.ShootAsync(page, "41-place-order");
            await page.ClickAsync("[data-testid=close-order]");
            await Assertions.Expect(page.Locator("[data-testid=place-order-form]")).ToHaveCountAsync(0);

            await open.Locator("[data-testid=modify-order]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=modify-order-form]")).ToBeVisibleAsync();
            await variant.ShootAsync(page, "42-modify-order");
            await page.ClickAsync("[data-testid=close-modify]");
            await Assertions.Expect(page.Locator("[data-testid=modify-order-form]")).ToHaveCountAsync(0);

            // Cancel asks first; "Keep it" leaves the order alone.
            await open.Locator("[data-testid=cancel-order]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=cancel-order-dialog]")).ToBeVisibleAsync();
            await variant.ShootAsync(page, "43-cancel-order");
            await page.ClickAsync("[data-testid=keep-order]");
            await Assertions.Expect(page.Locator("[data-testid=cancel-order-dialog]")).ToHaveCountAsync(0);

            await open.Locator("[data-testid=order-history-button]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=history-row]").First).ToBeVisibleAsync();
            await variant.ShootAsync(page, "44-order-history");
            await page.ClickAsync("[data-testid=close-history]");
            await Assertions.Expect(page.Locator("[data-testid=order-history-dialog]")).ToHaveCountAsync(0);

            await page.GotoAsync("/portfolio");
            await BrowserFixture.WaitForCircuitAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=holdings-row][data-symbol=INFY]")).ToHaveCountAsync(1);
            await variant.ShootAsync(page, "45-portfolio-holdings");
            await page.ClickAsync("[data-testid=portfolio-tabs] .mud-tab >> nth=1");
            await variant.ShootAsync(page, "45-portfolio-positions-net");
            await page.ClickAsync("[data-testid=portfolio-tabs] .mud-tab >> nth=2");
            await variant.ShootAsync(page, "45-portfolio-positions-day");
        }
    }
}
