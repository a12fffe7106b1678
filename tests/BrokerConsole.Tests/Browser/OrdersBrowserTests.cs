using System.Text.RegularExpressions;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>Placing and cancelling a sandbox order from the Orders page in real Chromium; the Portfolio page after it.</summary>
[Collection(OrdersBrowserGroup.Name)]
public sealed class OrdersBrowserTests(BrowserFixture fixture)
{
    /// <summary>The steps of ZerodhaLoginBrowserTests: register, add the demo sandbox account, log in through the popup.</summary>
    private async Task<IPage> SignedInWithLiveSessionAsync(string email)
    {
        var page = await fixture.RegisterAsync(email);
        await fixture.AddConnectedDemoKiteAccountAsync(page, "Sandbox Kite");
        return page;
    }

    [Fact]
    public async Task Limit_order_placed_and_cancelled_from_the_orders_page_shows_in_the_book()
    {
        var page = await SignedInWithLiveSessionAsync("orders-browser@example.com");
        await page.GotoAsync("/orders");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=orders-refreshed]")).ToContainTextAsync("Updated");

        // Validation first: an empty symbol is refused before anything is sent.
        await page.ClickAsync("[data-testid=place-order]");
        var form = page.Locator("[data-testid=place-order-form]");
        await form.GetByText("LIMIT", new() { Exact = true }).ClickAsync();
        await page.ClickAsync("[data-testid=submit-order]");
        // Each message sits under the field it is about.
        await Assertions.Expect(form.Locator(".mud-input-control:has(input[data-testid=order-symbol]) .mud-input-helper-text")).ToContainTextAsync("Enter the trading symbol, e.g. INFY.");
        await Assertions.Expect(form.Locator("[data-testid=order-price] .mud-input-helper-text")).ToContainTextAsync("A LIMIT or SL order needs a price above 0.");
        await BrowserFixture.ScreenshotAsync(page, "30-place-order-validation");

        await page.FillAsync("[data-testid=order-symbol]", "INFY");
        await BrowserFixture.FillNumericAsync(page, "order-quantity", "2");
        await BrowserFixture.FillNumericAsync(page, "order-price", "1000");
        await page.ClickAsync("[data-testid=submit-order]");
        var result = page.Locator("[data-testid=place-result]");
        await Assertions.Expect(result).ToContainTextAsync("Placed: order");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-outcome", "Placed");
        await BrowserFixture.ScreenshotAsync(page, "31-place-order-result");
        var tag = Regex.Match(await result.InnerTextAsync(), "Tag: (bc[0-9a-z]+)").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(tag));
        await page.ClickAsync("[data-testid=close-order]");

        var row = BrowserFixture.OrderRow(page, tag);
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("[data-testid=order-status]")).ToHaveTextAsync("Open");
        await BrowserFixture.ScreenshotAsync(page, "32-orders-open");

        await row.Locator("[data-testid=cancel-order]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=cancel-order-dialog]")).ToContainTextAsync("on Sandbox Kite?");
        await BrowserFixture.ScreenshotAsync(page, "33-orders-cancel-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel order", Exact = true }).ClickAsync();
        await Assertions.Expect(row.Locator("[data-testid=order-status]")).ToHaveTextAsync("Cancelled");
        await Assertions.Expect(BrowserFixture.OrderRow(page, tag)).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "33-orders-cancelled");

        await row.Locator("[data-testid=order-history-button]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=history-row]").Last).ToContainTextAsync("Cancelled");
        await BrowserFixture.ScreenshotAsync(page, "34-order-history");
    }

    [Fact]
    public async Task Market_order_fills_and_the_portfolio_shows_it_with_charts()
    {
        var page = await SignedInWithLiveSessionAsync("portfolio-browser@example.com");
        await page.GotoAsync("/orders");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=place-order]");
        await page.FillAsync("[data-testid=order-symbol]", "TCS");
        await page.Locator("[data-testid=place-order-form]").GetByText("MARKET", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=market-protection-note]")).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=submit-order]");
        var result = page.Locator("[data-testid=place-result]");
        await Assertions.Expect(result).ToContainTextAsync("Complete");
        // The sandbox posts the fill to /postbacks/zerodha; the verified postback reaches this tab at once.
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("TCS: Complete");
        await page.ClickAsync("[data-testid=close-order]");
        await Assertions.Expect(page.Locator("[data-testid=trade-row]").First).ToBeVisibleAsync();

        await page.GotoAsync("/portfolio");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=total-funds]")).ToContainTextAsync("₹");
        if (await page.Locator("[data-testid=portfolio-issue]").CountAsync() > 0)
        {
            await BrowserFixture.ScreenshotAsync(page, "35-portfolio-unexpected-issue");
            Assert.Fail("The live account was listed as not loaded: " + await page.Locator("[data-testid=portfolio-issue]").First.InnerTextAsync());
        }

        await Assertions.Expect(page.Locator("[data-testid=holdings-row][data-symbol=INFY]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=chart-by-account]")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "35-portfolio");
        await page.GetByText("Positions · net", new() { Exact = false }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=net-row][data-symbol=TCS]")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "36-portfolio-positions");
    }
}
