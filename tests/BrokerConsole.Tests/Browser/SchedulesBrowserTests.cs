using System.Net.Http.Json;
using System.Text.RegularExpressions;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>
/// The Schedules and run history pages in real Chromium against the in-process Kite and Angel One sandboxes:
/// create (with a validation error first), edit and disable a schedule, "Run now" behind its confirmation, and
/// the run page following the run live (no reload) down to each account's and order's outcome.
/// </summary>
[Collection(TradingScreensBrowserGroup.Name)]
public sealed class SchedulesBrowserTests(BrowserFixture fixture)
{
    private static ILocator Numeric(ILocator scope, string testId) => scope.Locator($"[data-testid={testId}] input, input[data-testid={testId}]").First;

    private static async Task AddAccountAsync(IPage page, string broker, string name, IReadOnlyDictionary<string, string> fields)
    {
        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        if (broker != "Zerodha")
        {
            await BrowserFixture.ChooseBrokerAsync(page, broker);
        }

        await page.FillAsync("[data-testid=field-DisplayName]", name);
        foreach (var (field, value) in fields)
        {
            await page.FillAsync($"[data-testid=field-{field}]", value);
        }

        await page.ClickAsync("[data-testid=save-account]");
        await Assertions.Expect(page.Locator($"[data-testid=account-card]:has-text('{name}')")).ToHaveCountAsync(1);
    }

    private Dictionary<string, string> KiteFields(string user) => new()
    {
        ["ClientId"] = user,
        ["ApiKey"] = SandboxDemo.ApiKey,
        ["ApiSecret"] = SandboxDemo.ApiSecret,
        ["RedirectUrl"] = new Uri(fixture.App.BaseUrl, "/connect/zerodha/callback").ToString(),
    };

    /// <summary>A live Kite account (popup login), a live Angel One account (server login) and a Kite account never logged in.</summary>
    private async Task<IPage> TraderWithThreeAccountsAsync()
    {
        var page = await fixture.RegisterAsync("schedules-browser@example.com");
        await AddAccountAsync(page, "Zerodha", "Kite main", KiteFields(SandboxDemo.UserA));
        var kite = page.Locator("[data-testid=account-card]:has-text('Kite main')");
        var popup = await page.RunAndWaitForPopupAsync(() => kite.Locator("[data-testid=connect-account]").ClickAsync());
        await popup.WaitForLoadStateAsync();
        await KiteSandboxLogin.LogInAsync(popup, SandboxDemo.UserA, SandboxDemo.PasswordA);
        await Assertions.Expect(kite).ToHaveAttributeAsync("data-state", "Active");

        await AddAccountAsync(page, "Angel One", "Angel main", new Dictionary<string, string>
        {
            ["ClientId"] = SandboxDemo.AngelClientCode,
            ["ApiKey"] = SandboxDemo.AngelApiKey,
            ["Mpin"] = SandboxDemo.AngelMpin,
            ["TotpSecret"] = SandboxDemo.AngelTotpSecret,
        });
        var angel = page.Locator("[data-testid=account-card]:has-text('Angel main')");
        await angel.Locator("[data-testid=connect-account]").ClickAsync();
        await Assertions.Expect(angel).ToHaveAttributeAsync("data-state", "Active");

        await AddAccountAsync(page, "Zerodha", "Kite spare", KiteFields(SandboxDemo.UserB));
        await Assertions.Expect(page.Locator("[data-testid=account-card]:has-text('Kite spare') [data-testid=session-badge]")).ToHaveTextAsync("No session");
        return page;
    }

    private async Task SetKiteLatencyAsync(int milliseconds)
    {
        using var http = new HttpClient { BaseAddress = fixture.App.BaseUrl };
        using var response = await http.PostAsJsonAsync("/sandbox/kite/__control/latency", new { milliseconds, path_prefix = "/orders" });
        response.EnsureSuccessStatusCode();
    }

    private static async Task ChooseAsync(IPage page, ILocator dropDown, string option)
    {
        await dropDown.ClickAsync();
        try
        {
            await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex($"^\\s*{option}\\s*$", RegexOptions.IgnoreCase) }).First.ClickAsync();
        }
        catch (TimeoutException)
        {
            await BrowserFixture.ScreenshotAsync(page, "60-schedule-dropdown-failed");
            throw;
        }
    }

    private static async Task FillOrderAsync(ILocator order, string symbol, int quantity)
    {
        await Numeric(order, "order-symbol").FillAsync(symbol);
        await Numeric(order, "order-quantity").FillAsync(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Numeric(order, "order-quantity").PressAsync("Tab");
        await Assertions.Expect(Numeric(order, "order-quantity")).ToHaveValueAsync(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Schedule_created_edited_and_run_now_shows_every_account_and_order_live()
    {
        var page = await TraderWithThreeAccountsAsync();
        await page.GotoAsync("/schedules");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=no-schedules]")).ToBeVisibleAsync();

        // Create: the defaults a trader expects (15:10 IST, Monday to Friday, auto-execute off).
        await page.ClickAsync("[data-testid=new-schedule]");
        var editor = page.Locator("[data-testid=schedule-editor]");
        await Assertions.Expect(Numeric(editor, "schedule-time")).ToHaveValueAsync("15:10");
        await Numeric(editor, "schedule-name").FillAsync("Closing buys");
        var accounts = editor.Locator("[data-testid=schedule-accounts]");
        await accounts.ClickAsync();
        foreach (var name in new[] { "Kite main", "Angel main", "Kite spare" })
        {
            await page.Locator($".mud-popover-open .mud-list-item:has-text('{name}')").ClickAsync();
        }

        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(accounts.Locator("input").First).ToHaveValueAsync(new Regex("Kite spare"));
        await page.Locator("[data-testid=schedule-auto]").ClickAsync();

        // The same rules as a manual order: a LIMIT order without a price is refused under the price, and nothing is saved.
        var first = editor.Locator("[data-testid=schedule-order]").Nth(0);
        await FillOrderAsync(first, "SBIN", 1);
        await ChooseAsync(page, first.Locator("[data-testid=order-type]"), "Limit");
        await page.ClickAsync("[data-testid=save-schedule]");
        await Assertions.Expect(first).ToContainTextAsync("A LIMIT or SL order needs a price above 0.");
        await Assertions.Expect(page.Locator("[data-testid=schedule-row]")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "60-schedule-validation");

        await ChooseAsync(page, first.Locator("[data-testid=order-type]"), "Market");
        // A buy far beyond the demo user's funds: Kite accepts it and its RMS rejects it with the reason.
        await page.ClickAsync("[data-testid=add-order]");
        await FillOrderAsync(editor.Locator("[data-testid=schedule-order]").Nth(1), "INFY", 100000);
        await page.ClickAsync("[data-testid=save-schedule]");
        var row = page.Locator("[data-testid=schedule-row]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("[data-testid=schedule-state]")).ToHaveTextAsync("Enabled · places orders");
        await Assertions.Expect(row).ToContainTextAsync("Mon Tue Wed Thu Fri 15:10");
        await BrowserFixture.ScreenshotAsync(page, "61-schedules-list");

        // Edit: rename and disable; the clock will not fire it any more, Run now still can.
        await row.Locator("[data-testid=edit-schedule]").ClickAsync();
        await Numeric(page.Locator("[data-testid=schedule-editor]"), "schedule-name").FillAsync("Closing buys (paused)");
        await Numeric(page.Locator("[data-testid=schedule-editor]"), "schedule-time").FillAsync("15:20");
        await page.Locator("[data-testid=schedule-days]").GetByText("Fri", new() { Exact = true }).ClickAsync();
        await page.Locator("[data-testid=schedule-enabled]").ClickAsync();
        await page.ClickAsync("[data-testid=save-schedule]");
        await Assertions.Expect(row.Locator("[data-testid=schedule-row-name]")).ToHaveTextAsync("Closing buys (paused)");
        await Assertions.Expect(row.Locator("[data-testid=schedule-when]")).ToContainTextAsync("Mon Tue Wed Thu 15:20");
        await Assertions.Expect(row.Locator("[data-testid=schedule-state]")).ToHaveTextAsync("Disabled");

        // Run now asks first; "Don't run" places nothing.
        await row.Locator("[data-testid=run-now]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Assertions.Expect(dialog).ToContainTextAsync("Place 6 order(s) now on Kite main, Angel main, Kite spare");
        await BrowserFixture.ScreenshotAsync(page, "62-run-now-confirm");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Don't run" }).ClickAsync();
        await page.GotoAsync("/schedules/runs");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=no-runs]")).ToBeVisibleAsync();

        // Slow Kite's order calls so the run is visibly in flight, then follow it without reloading.
        await SetKiteLatencyAsync(1200);
        try
        {
            await page.GotoAsync("/schedules");
            await BrowserFixture.WaitForCircuitAsync(page);
            await page.EvaluateAsync("() => window.__sameDocument = true");
            await row.Locator("[data-testid=run-now]").ClickAsync();
            await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Place orders now" }).ClickAsync();
            await page.WaitForURLAsync(new Regex("/schedules/runs/[0-9a-f-]{36}$"));
            var detail = page.Locator("[data-testid=run-detail]");
            await Assertions.Expect(page.Locator("[data-testid=run-trigger]")).ToHaveTextAsync("Run now");
            await Assertions.Expect(page.Locator("[data-testid=run-progress]")).ToContainTextAsync("of 6 orders done · live");
            await Assertions.Expect(detail).ToHaveAttributeAsync("data-status", "Running");
            await BrowserFixture.ScreenshotAsync(page, "63-run-in-flight");

            await Assertions.Expect(detail).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 40_000 });
            Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The run page reloaded; progress must arrive live.");
        }
        finally
        {
            await SetKiteLatencyAsync(0);
        }

        await Assertions.Expect(page.Locator("[data-testid=run-progress]")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "64-run-completed");

        var kite = page.Locator("[data-testid=run-account][data-account='Kite main']");
        await Assertions.Expect(kite.Locator(".bc-run-item")).ToHaveCountAsync(2);
        var placed = kite.Locator(".bc-run-item").Nth(0);
        await Assertions.Expect(placed.Locator("[data-testid=item-status]")).ToHaveAttributeAsync("data-status", "Placed");
        await Assertions.Expect(placed.Locator("[data-testid=item-order-id]")).Not.ToHaveTextAsync("—");
        await Assertions.Expect(placed.Locator("[data-testid=item-times]")).ToContainTextAsync(new Regex(@"\d\d:\d\d:\d\d → \d\d:\d\d:\d\d \(\d"));
        var rejected = kite.Locator(".bc-run-item").Nth(1);
        await Assertions.Expect(rejected.Locator("[data-testid=item-status]")).ToHaveAttributeAsync("data-status", "Rejected");
        await Assertions.Expect(rejected.Locator("[data-testid=item-message]")).ToContainTextAsync("Insufficient funds");

        var angel = page.Locator("[data-testid=run-account][data-account='Angel main']");
        await Assertions.Expect(angel.Locator(".bc-run-item").Nth(0).Locator("[data-testid=item-status]")).ToHaveAttributeAsync("data-status", "Placed");
        await Assertions.Expect(angel).ToContainTextAsync("Angel One");
        // Angel's RMS: the place call succeeds and the order is rejected with the reason, and the run says so.
        var angelRejected = angel.Locator(".bc-run-item").Nth(1);
        await Assertions.Expect(angelRejected.Locator("[data-testid=item-status]")).ToHaveAttributeAsync("data-status", "Rejected");
        await Assertions.Expect(angelRejected.Locator("[data-testid=item-message]")).ToContainTextAsync("insufficient funds");

        var spare = page.Locator("[data-testid=run-account][data-account='Kite spare']");
        await Assertions.Expect(spare).ToHaveAttributeAsync("data-outcome", "Skipped");
        await Assertions.Expect(spare.Locator("[data-testid=item-message]").First).ToContainTextAsync("Skipped: no live session (not logged in)");

        // The list shows the run with its counts, and the audit trail recorded who ran it.
        var runRow = page.Locator("[data-testid=runs-grid] tr.bc-run-row");
        await Assertions.Expect(runRow).ToHaveCountAsync(1);
        // Rejections are part of the status, in amber: not a green "Completed".
        await Assertions.Expect(runRow.Locator("[data-testid=run-status]")).ToHaveTextAsync("Completed · 2 rejected");
        await Assertions.Expect(runRow.Locator("[data-testid=run-status]")).ToHaveAttributeAsync("data-color", "Warning");
        await Assertions.Expect(runRow).ToContainTextAsync("2 skipped");
        await page.GotoAsync("/schedules/runs");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=runs-grid] tr.bc-run-row")).ToContainTextAsync("2 rejected");
        await BrowserFixture.ScreenshotAsync(page, "65-run-history-list");
        await page.GotoAsync("/settings");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByText("Ran schedule 'Closing buys (paused)' now: 6 order(s) on 3 account(s)")).ToBeVisibleAsync();

        await ShootSchedulesScreensAsync(page);
    }

    /// <summary>The schedules list, the editor, Run now's confirmation, run history and a finished run's detail, in the four looks.</summary>
    private static async Task ShootSchedulesScreensAsync(IPage page)
    {
        foreach (var variant in ScreenVariant.All)
        {
            await variant.ApplyAsync(page);
            await page.GotoAsync("/schedules");
            await BrowserFixture.WaitForCircuitAsync(page);
            await variant.ExpectThemeAsync(page);
            var row = page.Locator("[data-testid=schedule-row]");
            await Assertions.Expect(row).ToHaveCountAsync(1);
            await variant.ShootAsync(page, "66-schedules");

            await row.Locator("[data-testid=edit-schedule]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=schedule-editor]")).ToBeVisibleAsync();
            await variant.ShootAsync(page, "67-schedule-editor");
            await page.ClickAsync("[data-testid=cancel-schedule]");
            await Assertions.Expect(page.Locator("[data-testid=schedule-editor]")).ToHaveCountAsync(0);

            await row.Locator("[data-testid=run-now]").ClickAsync();
            var dialog = page.Locator(".mud-dialog");
            await Assertions.Expect(dialog).ToContainTextAsync("Place 6 order(s) now");
            await variant.ShootAsync(page, "68-run-now-confirm");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Don't run" }).ClickAsync();
            await Assertions.Expect(dialog).ToHaveCountAsync(0);

            await page.GotoAsync("/schedules/runs");
            await BrowserFixture.WaitForCircuitAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=runs-grid] tr.bc-run-row")).ToHaveCountAsync(1);
            await variant.ShootAsync(page, "69-run-history");
            await page.ClickAsync("[data-testid=run-details]");
            await Assertions.Expect(page.Locator("[data-testid=run-detail]")).ToHaveAttributeAsync("data-status", "Completed");
            await variant.ExpectTablesFitAsync(page, "body");
            await variant.ShootAsync(page, "69-run-detail");
        }
    }
}
