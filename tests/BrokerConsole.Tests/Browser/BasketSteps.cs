using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>The steps of the basket and kill-switch browser tests, done the way a person does them in the UI.</summary>
internal static class BasketSteps
{
    /// <summary>A sandbox Zerodha account for <paramref name="kiteUser"/>, logged in through the popup.</summary>
    public static async Task AddKiteAsync(BrowserFixture fixture, IPage page, string name, string kiteUser, string password)
    {
        var card = await fixture.AddDemoKiteAccountAsync(page, name, kiteUser);
        var popup = await page.RunAndWaitForPopupAsync(() => card.Locator("[data-testid=connect-account]").ClickAsync());
        await popup.WaitForLoadStateAsync();
        await KiteSandboxLogin.LogInAsync(popup, kiteUser, password);
        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "Active");
    }

    /// <summary>A sandbox Angel One account (MPIN + TOTP, logged in on the server by Connect).</summary>
    public static async Task AddAngelAsync(IPage page, string name, string clientCode)
    {
        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await BrowserFixture.ChooseBrokerAsync(page, "Angel One");
        await page.FillAsync("[data-testid=field-DisplayName]", name);
        await page.FillAsync("[data-testid=field-ClientId]", clientCode);
        await page.FillAsync("[data-testid=field-ApiKey]", SandboxDemo.AngelApiKey);
        await page.FillAsync("[data-testid=field-Mpin]", SandboxDemo.AngelMpin);
        await page.FillAsync("[data-testid=field-TotpSecret]", SandboxDemo.AngelTotpSecret);
        await page.ClickAsync("[data-testid=save-account]");
        await ConnectAsync(page, name);
    }

    /// <summary>The sandbox Dhan account with its access token.</summary>
    public static async Task AddDhanAsync(IPage page, string name)
    {
        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await BrowserFixture.ChooseBrokerAsync(page, "Dhan");
        await page.FillAsync("[data-testid=field-DisplayName]", name);
        await page.FillAsync("[data-testid=field-ClientId]", SandboxDemo.DhanClientId);
        await page.FillAsync("[data-testid=field-AccessToken]", SandboxDemo.DhanToken);
        await page.ClickAsync("[data-testid=save-account]");
        await ConnectAsync(page, name);
    }

    private static async Task ConnectAsync(IPage page, string name)
    {
        var card = page.Locator($"[data-testid=account-card]:has-text('{name}')");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await card.Locator("[data-testid=connect-account]").ClickAsync();
        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "Active");
    }

    /// <summary>Loads every broker's instrument master (Instruments page), so one console instrument maps each broker's name.</summary>
    public static async Task LoadInstrumentsAsync(IPage page)
    {
        await page.GotoAsync("/instruments");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=instruments-refresh]");
        await Assertions.Expect(page.Locator("[data-testid=instruments-result]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
    }

    /// <summary>One order of the basket editor: picked with the instrument search, a quantity, MIS.</summary>
    public static async Task FillLegAsync(IPage page, int index, string search, string pick, string quantity)
    {
        var leg = page.Locator("[data-testid=basket-leg]").Nth(index);
        await leg.Locator("[data-testid=instrument-search] input").FillAsync(search);
        await page.Locator($".mud-popover-open [data-testid=instrument-option][data-symbol='{pick}']").ClickAsync();
        await Assertions.Expect(leg.Locator("input[data-testid=leg-symbol], [data-testid=leg-symbol] input").First).ToHaveValueAsync(pick.Split(':')[1]);
        await BrowserFixture.FillNumericAsync(page, $"leg-quantity-{index}", quantity);
        await leg.Locator("[data-testid=leg-product]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText("MIS", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    /// <summary>One MIS order from the Orders page's dialog (market, or limit at <paramref name="limitPrice"/>); waits for "Placed".</summary>
    public static async Task PlaceMisAsync(IPage page, string account, string side, string symbol, string quantity, string? limitPrice = null)
    {
        await page.ClickAsync("[data-testid=place-order]");
        await page.ClickAsync("[data-testid=order-account]");
        await page.Locator($".mud-popover-open .mud-list-item:has-text('{account}')").ClickAsync();
        await page.ClickAsync($"[data-testid=side-{side}]");
        await page.Locator("[data-testid=order-type]").GetByText(limitPrice is null ? "MARKET" : "LIMIT", new() { Exact = true }).ClickAsync();
        await page.FillAsync("[data-testid=order-symbol]", symbol);
        await BrowserFixture.FillNumericAsync(page, "order-quantity", quantity);
        if (limitPrice is not null)
        {
            await BrowserFixture.FillNumericAsync(page, "order-price", limitPrice);
        }

        await page.Locator("[data-testid=order-product]").GetByText("MIS", new() { Exact = true }).ClickAsync();
        await page.ClickAsync("[data-testid=submit-order]");
        await Assertions.Expect(page.Locator("[data-testid=place-result]")).ToHaveAttributeAsync("data-outcome", "Placed");
        await page.ClickAsync("[data-testid=close-order]");
        await Assertions.Expect(page.Locator("[data-testid=place-order-form]")).ToHaveCountAsync(0);
    }
}
