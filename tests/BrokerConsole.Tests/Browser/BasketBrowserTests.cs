using System.Text.RegularExpressions;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>
/// Issue 16's "done when", in real Chromium against the app's own sandboxes: a new user with five accounts of three brokers
/// (two Zerodha, two Angel One, one Dhan) builds a basket of two orders on the Baskets page, previews it, confirms once, and
/// the run places ten orders, each exactly once by the brokers' own books; the portfolio shows SBIN as one row with every
/// account's line, and "Exit SBIN everywhere" (one preview, one confirm) leaves no SBIN position open.
/// </summary>
[Collection(BasketsBrowserGroup.Name)]
public sealed partial class BasketBrowserTests(BasketsBrowserFixture fixture)
{
    private static readonly string[] _accounts = ["Kite A", "Kite B", "Angel A", "Angel B", "Dhan"];

    [GeneratedRegex(@"tag (\w+)")]
    private static partial Regex TagText();

    [Fact]
    public async Task Basket_of_two_orders_to_five_accounts_of_three_brokers_places_each_once_then_SBIN_exits_everywhere()
    {
        var page = await fixture.RegisterAsync("basket-five@example.com");
        await BasketSteps.AddKiteAsync(fixture, page, "Kite A", SandboxDemo.UserA, SandboxDemo.PasswordA);
        await BasketSteps.AddKiteAsync(fixture, page, "Kite B", SandboxDemo.UserB, SandboxDemo.PasswordB);
        await BasketSteps.AddAngelAsync(page, "Angel A", SandboxDemo.AngelClientCode);
        await BasketSteps.AddAngelAsync(page, "Angel B", BasketsBrowserFixture.SecondAngelClient);
        await BasketSteps.AddDhanAsync(page, "Dhan");
        await BasketSteps.LoadInstrumentsAsync(page);

        // The editor: two orders picked with the instrument search, every live account ticked by default.
        await page.GotoAsync("/baskets");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=no-baskets]")).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=new-basket]");
        await page.FillAsync("[data-testid=basket-name]", "Morning MIS");
        await BasketSteps.FillLegAsync(page, 0, "SBIN", "NSE:SBIN", "3");
        await page.ClickAsync("[data-testid=add-leg]");
        await BasketSteps.FillLegAsync(page, 1, "INFY", "NSE:INFY", "2");
        var accounts = page.Locator("[data-testid=basket-account]");
        await Assertions.Expect(accounts).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("[data-testid=basket-account][data-live=true]")).ToHaveCountAsync(5);
        await page.ClickAsync("[data-testid=save-basket]");
        await Assertions.Expect(page.Locator("[data-testid=basket-row]")).ToHaveCountAsync(1);
        // The "saved" snackbar, dismissed as a person would: the shots are of the editor, not of a toast over the list.
        await page.Locator(".mud-snackbar").GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0);
        foreach (var variant in ScreenVariant.All)
        {
            await variant.ApplyAsync(page);
            await variant.ExpectThemeAsync(page);
            await variant.ShootAsync(page, "81-basket-editor");
        }

        // The preview: ten (account, order) items, each with the broker's own symbol (Angel One SBIN-EQ, Dhan the security id) and its checks passed.
        await ScreenVariant.DesktopLight.ApplyAsync(page);
        await page.ClickAsync("[data-testid=preview-basket]");
        var items = page.Locator("[data-testid=preview-item]");
        await Assertions.Expect(items).ToHaveCountAsync(10, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=preview-item][data-send=true]")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("[data-testid=preview-account]")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("[data-testid=preview-checks-passed]:has-text('All checks passed')")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("[data-testid=preview-account][data-account='Angel A'] [data-testid=preview-order]").First).ToContainTextAsync("BUY 3 NSE:SBIN MARKET MIS DAY → NSE:SBIN-EQ × 3");
        await Assertions.Expect(page.Locator("[data-testid=preview-account][data-account='Dhan'] [data-testid=preview-order]").First).ToContainTextAsync("→ NSE:3045 × 3");
        await Assertions.Expect(page.Locator("[data-testid=preview-account][data-account='Kite B'] [data-testid=preview-order]").Nth(1)).ToContainTextAsync("BUY 2 NSE:INFY MARKET MIS DAY → NSE:INFY × 2");
        await Assertions.Expect(page.Locator("[data-testid=confirm-basket]")).ToContainTextAsync("place 10 order(s)");
        foreach (var variant in ScreenVariant.All)
        {
            await variant.ApplyAsync(page);
            await variant.ExpectThemeAsync(page);
            await variant.ShootAsync(page, "82-basket-preview");
        }

        // One confirm: the run page follows the run live until every order is placed.
        await ScreenVariant.DesktopLight.ApplyAsync(page);
        await page.ClickAsync("[data-testid=confirm-basket]");
        await page.WaitForURLAsync("**/schedules/runs/*");
        await Assertions.Expect(page.Locator("[data-testid=run-detail]")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=run-trigger]")).ToHaveTextAsync("Basket");
        await Assertions.Expect(page.Locator("[data-testid=run-detail] [data-testid=run-counts]")).ToContainTextAsync("10 placed");
        var tagsByAccount = new Dictionary<string, List<string>>();
        foreach (var name in _accounts)
        {
            var section = page.Locator($"[data-testid=run-account][data-account='{name}']");
            var text = await section.InnerTextAsync();
            tagsByAccount[name] = TagText().Matches(text).Select(m => m.Groups[1].Value).ToList();
            Assert.True(tagsByAccount[name].Count == 2, $"{name}: {text}");
        }

        foreach (var variant in ScreenVariant.All)
        {
            await variant.ApplyAsync(page);
            await variant.ExpectThemeAsync(page);
            await variant.ShootAsync(page, "83-basket-run");
        }

        // Exactly once, by the brokers' own books read with the test's own sessions: each tag once, in its own account's book.
        using var books = new SandboxBooks(fixture.App.BaseUrl);
        var bookOf = new Dictionary<string, IReadOnlyDictionary<string, int>>
        {
            ["Kite A"] = await books.KiteTagsAsync(SandboxDemo.UserA),
            ["Kite B"] = await books.KiteTagsAsync(SandboxDemo.UserB),
            ["Angel A"] = await books.AngelTagsAsync(BasketsBrowserFixture.BookReaderKeys[0], SandboxDemo.AngelClientCode, SandboxDemo.AngelMpin, SandboxDemo.AngelTotpSecret),
            ["Angel B"] = await books.AngelTagsAsync(BasketsBrowserFixture.BookReaderKeys[1], BasketsBrowserFixture.SecondAngelClient, SandboxDemo.AngelMpin, SandboxDemo.AngelTotpSecret),
            ["Dhan"] = await books.DhanTagsAsync(SandboxDemo.DhanClientId, SandboxDemo.DhanToken),
        };
        foreach (var (name, tags) in tagsByAccount)
        {
            foreach (var tag in tags)
            {
                Assert.True(bookOf[name].GetValueOrDefault(tag) == 1, $"{name}: tag {tag} is in its book {bookOf[name].GetValueOrDefault(tag)} time(s)");
                Assert.Equal(1, bookOf.Values.Sum(b => b.GetValueOrDefault(tag)));
            }
        }

        await page.GotoAsync("/baskets");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=basket-row]")).ToContainTextAsync("Morning MIS");
        foreach (var variant in ScreenVariant.All)
        {
            await variant.ApplyAsync(page);
            await variant.ExpectThemeAsync(page);
            await variant.ShootAsync(page, "80-baskets-list");
        }

        // The portfolio: SBIN once, its lines from every account of the three brokers.
        await ScreenVariant.DesktopLight.ApplyAsync(page);
        await page.GotoAsync("/portfolio");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=portfolio-tabs] .mud-tab >> nth=1");
        await Assertions.Expect(page.Locator("[data-testid=net-row][data-symbol=SBIN]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await page.Locator("tr:has([data-testid=net-row][data-symbol=SBIN]) button").First.ClickAsync();
        var lines = page.Locator("[data-testid=net-breakdown-row]");
        await Assertions.Expect(lines).ToHaveCountAsync(5);
        foreach (var name in _accounts)
        {
            await Assertions.Expect(lines.Filter(new() { HasText = name })).ToHaveCountAsync(1);
        }

        // Exit SBIN everywhere: one preview of five closing orders, one confirm, nothing left to exit.
        await page.ClickAsync("[data-testid=exit-everywhere][data-symbol=SBIN]");
        await Assertions.Expect(page.Locator("[data-testid=exit-leg]")).ToHaveCountAsync(5, new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("[data-testid=exit-confirm]")).ToHaveTextAsync(new Regex("Exit 5 positions"));
        await page.ClickAsync("[data-testid=exit-confirm]");
        var outcomes = page.Locator("[data-testid=exit-outcome]");
        await Assertions.Expect(outcomes).ToHaveCountAsync(5, new() { Timeout = 30_000 });
        for (var i = 0; i < 5; i++)
        {
            await Assertions.Expect(outcomes.Nth(i)).ToHaveAttributeAsync("data-outcome", "Done");
        }

        await page.ClickAsync("[data-testid=exit-done]");
        await Assertions.Expect(page.Locator("[data-testid=exit-everywhere][data-symbol=SBIN]")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await page.ClickAsync("[data-testid=refresh-portfolio]");
        await Assertions.Expect(page.Locator("[data-testid=refresh-portfolio]")).ToHaveTextAsync("Refresh");
        await Assertions.Expect(page.Locator("[data-testid=exit-everywhere][data-symbol=SBIN]")).ToHaveCountAsync(0);
    }
}
