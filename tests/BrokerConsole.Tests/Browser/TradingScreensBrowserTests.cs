using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>
/// The Orders and Portfolio screens and their dialogs on a desktop and on a phone, light and dark, saved as screenshots
/// for people to look at; on the phone an order is a card whose symbol, side, quantity, status and actions are on
/// screen without sideways scrolling.
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
    public async Task Orders_and_portfolio_in_light_and_dark_on_desktop_and_phone()
    {
        var page = await fixture.RegisterAsync("trading-screens@example.com");
        await fixture.AddConnectedDemoKiteAccountAsync(page, "Sandbox Kite");
        await page.GotoAsync("/orders");
        await BrowserFixture.WaitForCircuitAsync(page);
        await PlaceAsync(page, "TCS", "MARKET", null);
        await PlaceAsync(page, "INFY", "LIMIT", "1000");
        var open = page.Locator("tr:has([data-testid=order-row][data-status=Open])");
        await Assertions.Expect(open).ToHaveCountAsync(1);

        foreach (var (device, width, height) in new[] { ("desktop", 1280, 860), ("phone", 390, 844) })
        {
            foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
            {
                var name = $"{device}-{(scheme == ColorScheme.Dark ? "dark" : "light")}";
                await page.SetViewportSizeAsync(width, height);
                await page.EmulateMediaAsync(new() { ColorScheme = scheme });

                await page.GotoAsync("/orders");
                await BrowserFixture.WaitForCircuitAsync(page);
                await Assertions.Expect(page.Locator(".bc-body")).ToHaveAttributeAsync("data-theme", scheme == ColorScheme.Dark ? "dark" : "light");
                await Assertions.Expect(open).ToHaveCountAsync(1);
                await BrowserFixture.ScreenshotAsync(page, $"40-orders-{name}");
                if (device == "phone")
                {
                    // The card shows what a trader acts on, inside the screen.
                    foreach (var part in new[] { "[data-testid=order-row]", "[data-testid=order-side]", "[data-testid=order-status]", "[data-testid=cancel-order]" })
                    {
                        var box = await open.Locator(part).BoundingBoxAsync();
                        Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= width, $"{part} is not inside the {width}px screen: {box?.X}+{box?.Width}");
                    }

                    Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The Orders page scrolls sideways on a phone.");
                }

                await page.ClickAsync("[data-testid=place-order]");
                await Assertions.Expect(page.Locator("[data-testid=place-order-form]")).ToBeVisibleAsync();
                await BrowserFixture.ScreenshotAsync(page, $"41-place-order-{name}");
                await page.ClickAsync("[data-testid=close-order]");
                await Assertions.Expect(page.Locator("[data-testid=place-order-form]")).ToHaveCountAsync(0);

                await open.Locator("[data-testid=modify-order]").ClickAsync();
                await Assertions.Expect(page.Locator("[data-testid=modify-order-form]")).ToBeVisibleAsync();
                await BrowserFixture.ScreenshotAsync(page, $"42-modify-order-{name}");
                await page.ClickAsync("[data-testid=close-modify]");
                await Assertions.Expect(page.Locator("[data-testid=modify-order-form]")).ToHaveCountAsync(0);

                await page.GotoAsync("/portfolio");
                await BrowserFixture.WaitForCircuitAsync(page);
                await Assertions.Expect(page.Locator("[data-testid=holdings-row][data-symbol=INFY]")).ToHaveCountAsync(1);
                await BrowserFixture.ScreenshotAsync(page, $"43-portfolio-{name}");
                if (device == "phone")
                {
                    Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The Portfolio page scrolls sideways on a phone.");
                }
            }
        }
    }
}
