using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>
/// The kill switch in real Chromium against the app's own Kite sandbox: the typed confirmation ("EXIT ALL", nothing less),
/// then the result page listing the cancelled order and the squared-off intraday position.
/// </summary>
[Collection(BasketsBrowserGroup.Name)]
public sealed class KillSwitchBrowserTests(BasketsBrowserFixture fixture)
{
    // A Kite user of its own: the basket test in this group trades DA1234 and DB5678, and a kill switch there would close its positions.
    private const string KiteUser = "DC1333";
    private const string KitePassword = "demo-pass-3";

    [Fact]
    public async Task Typed_EXIT_ALL_cancels_the_open_order_squares_off_MIS_and_the_result_page_lists_both()
    {
        var page = await fixture.RegisterAsync("kill-switch@example.com");
        await BasketSteps.AddKiteAsync(fixture, page, "Kite C", KiteUser, KitePassword);
        await page.GotoAsync("/orders");
        await BrowserFixture.WaitForCircuitAsync(page);
        await BasketSteps.PlaceMisAsync(page, "Kite C", "buy", "SBIN", "4");
        // Far below the sandbox's SBIN (about 812): it rests open until the kill switch cancels it.
        await BasketSteps.PlaceMisAsync(page, "Kite C", "buy", "SBIN", "1", limitPrice: "760");

        await page.GotoAsync("/portfolio");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=kill-switch]");
        var run = page.Locator("[data-testid=kill-switch-run]");
        await Assertions.Expect(run).ToBeDisabledAsync();
        var phrase = page.Locator("[data-testid=kill-switch-phrase] input, input[data-testid=kill-switch-phrase]").First;
        await phrase.FillAsync("exit all");
        await Assertions.Expect(run).ToBeDisabledAsync();
        await phrase.FillAsync("EXIT ALL");
        await Assertions.Expect(run).ToBeEnabledAsync();
        foreach (var variant in ScreenVariant.All)
        {
            await variant.ApplyAsync(page);
            await variant.ExpectThemeAsync(page);
            await variant.ShootAsync(page, "84-kill-switch-confirm");
        }

        await ScreenVariant.DesktopLight.ApplyAsync(page);
        await run.ClickAsync();
        await page.WaitForURLAsync("**/kill-switch/*", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=kill-switch-summary]"))
            .ToContainTextAsync("1 order(s) cancelled (0 not), 1 intraday position(s) squared off (0 rejected, 0 unknown, 0 not sent), 0 account(s) skipped");
        var account = page.Locator("[data-testid=kill-switch-account]");
        await Assertions.Expect(account).ToHaveCountAsync(1);
        await Assertions.Expect(account).ToContainTextAsync("Kite C");
        var cancel = account.Locator("[data-testid=kill-switch-item][data-step=Cancel]");
        await Assertions.Expect(cancel).ToHaveCountAsync(1);
        await Assertions.Expect(cancel.Locator("[data-testid=exit-outcome]")).ToHaveAttributeAsync("data-outcome", "Done");
        var exit = account.Locator("[data-testid=kill-switch-item][data-step=Exit]");
        await Assertions.Expect(exit).ToHaveCountAsync(1);
        await Assertions.Expect(exit).ToContainTextAsync("4 NSE:SBIN MARKET MIS");
        await Assertions.Expect(exit.Locator("[data-testid=exit-outcome]")).ToHaveAttributeAsync("data-outcome", "Done");
        foreach (var variant in ScreenVariant.All)
        {
            await variant.ApplyAsync(page);
            await variant.ExpectThemeAsync(page);
            await variant.ShootAsync(page, "85-kill-switch-result");
        }

        // Nothing open is left: the portfolio offers no exit for SBIN.
        await ScreenVariant.DesktopLight.ApplyAsync(page);
        await page.GotoAsync("/portfolio");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=portfolio-tabs] .mud-tab >> nth=1");
        await Assertions.Expect(page.Locator("[data-testid=net-row][data-symbol=SBIN]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=exit-everywhere][data-symbol=SBIN]")).ToHaveCountAsync(0);
    }
}
