using System.Text.RegularExpressions;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>
/// Modify and history from the Orders page for Fyers and Angel One in real Chromium, against the app's own sandboxes:
/// both now go through the brokers' modify and single-order endpoints, not the order-book fallback.
/// </summary>
[Collection(OrdersBrowserGroup.Name)]
public sealed class FyersAngelOrdersBrowserTests(BrowserFixture fixture)
{

    private async Task<IPage> RegisterAsync(string email)
    {
        var page = await fixture.RegisterAsync(email);
        return page;
    }

    /// <summary>Places a limit buy from the Orders page and returns its row (found by the console's tag).</summary>
    private static async Task<ILocator> PlaceRestingLimitAsync(IPage page, string symbol, string price)
    {
        await page.GotoAsync("/orders");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=orders-refreshed]")).ToContainTextAsync("Updated");
        await page.ClickAsync("[data-testid=place-order]");
        var form = page.Locator("[data-testid=place-order-form]");
        await form.GetByText("LIMIT", new() { Exact = true }).ClickAsync();
        await page.FillAsync("[data-testid=order-symbol]", symbol);
        await BrowserFixture.FillNumericAsync(page, "order-quantity", "2");
        await BrowserFixture.FillNumericAsync(page, "order-price", price);
        await page.ClickAsync("[data-testid=submit-order]");
        var result = page.Locator("[data-testid=place-result]");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-outcome", "Placed");
        var tag = Regex.Match(await result.InnerTextAsync(), "Tag: (bc[0-9a-z]+)").Groups[1].Value;
        await page.ClickAsync("[data-testid=close-order]");
        var row = BrowserFixture.OrderRow(page, tag);
        await Assertions.Expect(row).ToHaveCountAsync(1);
        return row;
    }

    private static async Task ModifyAsync(IPage page, ILocator row, string quantity, string price)
    {
        await row.Locator("[data-testid=modify-order]").ClickAsync();
        await BrowserFixture.FillNumericAsync(page, "modify-quantity", quantity);
        await BrowserFixture.FillNumericAsync(page, "modify-price", price);
        await page.ClickAsync("[data-testid=submit-modify]");
        await Assertions.Expect(page.Locator("[data-testid=modify-result]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        Assert.Contains("Modified order", await page.Locator("[data-testid=modify-result]").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fyers_order_is_modified_and_its_history_read_from_the_orders_page()
    {
        var page = await RegisterAsync("fyers-orders@example.com");
        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await BrowserFixture.ChooseBrokerAsync(page, "Fyers");
        await page.FillAsync("[data-testid=field-DisplayName]", "Sandbox Fyers");
        await page.FillAsync("[data-testid=field-ClientId]", SandboxDemo.FyersUser);
        await page.FillAsync("[data-testid=field-ApiKey]", SandboxDemo.FyersAppId);
        await page.FillAsync("[data-testid=field-ApiSecret]", SandboxDemo.FyersSecret);
        await page.FillAsync("[data-testid=field-RedirectUrl]", new Uri(fixture.App.BaseUrl, "/connect/fyers/callback").ToString());
        await page.ClickAsync("[data-testid=save-account]");
        var card = page.Locator("[data-testid=account-card]");
        var popup = await page.RunAndWaitForPopupAsync(() => card.Locator("[data-testid=connect-account]").ClickAsync());
        await popup.WaitForLoadStateAsync();
        var code = await popup.Locator($".demo-totp[data-user={SandboxDemo.FyersUser}]").TextContentAsync();
        await popup.FillAsync("#fy_id", SandboxDemo.FyersUser);
        await popup.FillAsync("#totp", code!);
        await popup.FillAsync("#pin", SandboxDemo.FyersPin);
        await popup.ClickAsync("#login-submit");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "Active");

        var row = await PlaceRestingLimitAsync(page, "SBIN", "600");
        // Fyers' integer status reads as the common word; the broker's code is in the tooltip.
        await Assertions.Expect(row.Locator("[data-testid=order-status]")).ToHaveTextAsync("Open");
        await Assertions.Expect(row.Locator("[data-testid=order-status]")).ToHaveAttributeAsync("title", new Regex("Broker status: 6"));

        await ModifyAsync(page, row, "3", "610");
        await Assertions.Expect(page.Locator("[data-testid=modify-result]")).ToContainTextAsync("Status now Open.");
        await BrowserFixture.ScreenshotAsync(page, "37-fyers-modify-result");
        await page.ClickAsync("[data-testid=close-modify]");
        await Assertions.Expect(row).ToContainTextAsync("0 / 3");
        await Assertions.Expect(row).ToContainTextAsync("610.00");
        await BrowserFixture.ScreenshotAsync(page, "38-fyers-orders-modified");

        await row.Locator("[data-testid=order-history-button]").ClickAsync();
        var history = page.Locator("[data-testid=history-row]");
        await Assertions.Expect(history).ToHaveCountAsync(1);
        await Assertions.Expect(history).ToContainTextAsync("Open");
        await Assertions.Expect(history).ToContainTextAsync("610.00");
        await Assertions.Expect(page.Locator("[data-testid=history-note]")).ToContainTextAsync("Fyers keeps no step-by-step log");
        await BrowserFixture.ScreenshotAsync(page, "39-fyers-order-history");
    }

    [Fact]
    public async Task Angel_order_is_modified_and_its_details_read_from_the_orders_page()
    {
        var page = await RegisterAsync("angel-orders@example.com");
        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await BrowserFixture.ChooseBrokerAsync(page, "Angel One");
        await page.FillAsync("[data-testid=field-DisplayName]", "Sandbox Angel");
        await page.FillAsync("[data-testid=field-ClientId]", SandboxDemo.AngelClientCode);
        await page.FillAsync("[data-testid=field-ApiKey]", SandboxDemo.AngelApiKey);
        await page.FillAsync("[data-testid=field-Mpin]", SandboxDemo.AngelMpin);
        await page.FillAsync("[data-testid=field-TotpSecret]", SandboxDemo.AngelTotpSecret);
        await page.ClickAsync("[data-testid=save-account]");
        var card = page.Locator("[data-testid=account-card]");
        await card.Locator("[data-testid=connect-account]").ClickAsync();
        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "Active");

        var row = await PlaceRestingLimitAsync(page, "INFY", "1000");
        await Assertions.Expect(row.Locator("[data-testid=order-status]")).ToHaveTextAsync("Open");
        await Assertions.Expect(row.Locator("[data-testid=order-status]")).ToHaveAttributeAsync("data-broker-status", "open");

        await ModifyAsync(page, row, "4", "1010");
        await page.ClickAsync("[data-testid=close-modify]");
        await Assertions.Expect(row).ToContainTextAsync("0 / 4");
        await Assertions.Expect(row).ToContainTextAsync("1,010.00");

        await row.Locator("[data-testid=order-history-button]").ClickAsync();
        var history = page.Locator("[data-testid=history-row]");
        await Assertions.Expect(history).ToHaveCountAsync(1);
        await Assertions.Expect(history).ToContainTextAsync("1,010.00");
        await Assertions.Expect(page.Locator("[data-testid=history-note]")).ToContainTextAsync("Angel One keeps no step-by-step log");
        await BrowserFixture.ScreenshotAsync(page, "39-angel-order-history");
    }
}
