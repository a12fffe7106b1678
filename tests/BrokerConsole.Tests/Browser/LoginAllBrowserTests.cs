using System.Diagnostics;
using System.Globalization;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BrokerConsole.Tests.Browser;

/// <summary>The app with ten more sandbox Zerodha users, each shown with their current code on the sandbox login page.</summary>
public sealed class LoginAllBrowserFixture : BrowserFixture
{
    public const int UserCount = 10;

    // Indexes 0 and 1 are the demo users of appsettings.Development.json.
    private const int FirstIndex = 2;

    public static string UserId(int i) => $"ML{1001 + i}";

    public static string Password(int i) => $"ml-pass-{i}";

    public static string TotpSecret(int i) => "KRUGS4ZAMF2CAYLO" + new string((char)('A' + i), 16);

    protected override string LogName => "browser-login-all-app.log";

    protected override IDictionary<string, string> EnvironmentFor(Uri baseUrl)
    {
        var env = SandboxDemo.EnvironmentFor(baseUrl);
        for (var i = 0; i < UserCount; i++)
        {
            var prefix = $"Sandbox__Kite__Users__{FirstIndex + i}__";
            env[prefix + "UserId"] = UserId(i);
            env[prefix + "Password"] = Password(i);
            env[prefix + "TotpSecret"] = TotpSecret(i);
            env[prefix + "UserName"] = $"Morning Trader {i + 1}";
            env[prefix + "Email"] = $"morning{i + 1}@sandbox.invalid";
            env[prefix + "ShowOnLoginPage"] = "true";
        }

        return env;
    }
}

[CollectionDefinition(Name)]
public sealed class LoginAllBrowserGroup : ICollectionFixture<LoginAllBrowserFixture>
{
    public const string Name = "browser-login-all";
}

/// <summary>The "Log in all" guided pass in real Chromium against the in-process Kite sandbox.</summary>
[Collection(LoginAllBrowserGroup.Name)]
public sealed class LoginAllBrowserTests(LoginAllBrowserFixture fixture, ITestOutputHelper output)
{
    private async Task AddZerodhaAccountAsync(IPage page, int i, string? totpSecret = null)
    {
        var before = await page.Locator("[data-testid=account-card]").CountAsync();
        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await page.FillAsync("[data-testid=field-DisplayName]", $"Morning {i + 1:00}");
        await page.FillAsync("[data-testid=field-ClientId]", LoginAllBrowserFixture.UserId(i));
        await page.FillAsync("[data-testid=field-ApiKey]", SandboxDemo.ApiKey);
        await page.FillAsync("[data-testid=field-ApiSecret]", SandboxDemo.ApiSecret);
        await page.FillAsync("[data-testid=field-RedirectUrl]", new Uri(fixture.App.BaseUrl, "/connect/zerodha/callback").ToString());
        if (totpSecret is not null)
        {
            await page.FillAsync("[data-testid=field-TotpSecret]", totpSecret);
        }

        await page.ClickAsync("[data-testid=save-account]");
        await Assertions.Expect(page.Locator("[data-testid=account-card]")).ToHaveCountAsync(before + 1);
    }

    private static async Task<IPage> OpenPassAsync(IPage page)
    {
        await page.ClickAsync("[data-testid=login-all-link]");
        await page.WaitForURLAsync("**/accounts/login-all");
        await page.Locator("[data-testid=login-pass][data-live=true]").WaitForAsync();
        return page;
    }

    private static async Task WaitClosedAsync(IPage popup)
    {
        for (var waited = 0; !popup.IsClosed && waited < 10_000; waited += 100)
        {
            await Task.Delay(100);
        }

        Assert.True(popup.IsClosed, "the pass's login window is still open");
    }

    private static int IndexOf(string clientId) => int.Parse(clientId[2..], CultureInfo.InvariantCulture) - 1001;

    /// <summary>
    /// Counting rule (also in the README): one action is one deliberate input: a click, a key press that is not
    /// part of typing a value (Enter to submit, Tab), or typing one field's value whatever its length. Focus the
    /// page moves by itself (autofocus) and a submit the page does by itself (the sixth TOTP digit) are not actions.
    /// A password manager's fill counts as what it is: opening its list of saved logins and picking this account's
    /// (two actions, since ten Kite logins are saved for the same site) replaces typing user id and password (two).
    /// </summary>
    [Fact]
    public async Task Pass_brings_ten_zerodha_accounts_to_green_in_one_window_with_four_actions_each()
    {
        var page = await fixture.RegisterAsync("morning-ten@example.com");
        for (var i = 0; i < LoginAllBrowserFixture.UserCount; i++)
        {
            await AddZerodhaAccountAsync(page, i);
        }

        await Assertions.Expect(page.Locator("[data-testid=account-count]")).ToHaveTextAsync("0 of 10 accounts ready");
        await OpenPassAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=pass-item]")).ToHaveCountAsync(10);
        // A reload would drop this marker: it proves the pass ran in one page.
        await page.EvaluateAsync("() => { window.__passMarker = 'same-page'; }");
        await BrowserFixture.ScreenshotAsync(page, "40-login-all-start");
        var windows = 0;
        page.Popup += (_, _) => windows++;

        var appActions = 0;
        var brokerFormActions = 0;
        var clock = Stopwatch.StartNew();
        // The one click in BrokerConsole: it opens the pass's login window.
        var popup = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("[data-testid=pass-login]"));
        appActions++;
        for (var step = 1; step <= LoginAllBrowserFixture.UserCount; step++)
        {
            var clientId = await page.Locator("[data-testid=pass-step]").GetAttributeAsync("data-client-id");
            var i = IndexOf(clientId!);

            // The same window, sent on by the pass: it shows this account's Kite login without any click here.
            await Assertions.Expect(popup.Locator("#userid")).ToBeVisibleAsync();
            await Assertions.Expect(popup.Locator("#userid")).ToBeFocusedAsync();
            await KiteSandboxLogin.PasswordStepAsync(popup, clientId!, LoginAllBrowserFixture.Password(i));
            brokerFormActions += 3; // user id, password, Enter
            var code = await KiteSandboxLogin.CurrentCodeAsync(popup, clientId!);
            if (step == 1)
            {
                await BrowserFixture.ScreenshotAsync(popup, "40b-login-all-kite-totp-step");
                await BrowserFixture.ScreenshotAsync(page, "40a-login-all-first-account");
            }

            await Assertions.Expect(popup.Locator("#totp")).ToBeFocusedAsync();
            await KiteSandboxLogin.TypeCodeAsync(popup, code);
            brokerFormActions += 1; // the code; the sixth digit submits
            if (step == 5)
            {
                await BrowserFixture.ScreenshotAsync(page, "41-login-all-half-way");
            }

            // No click: the page advances by itself when the session notifier reports Connected.
            await Assertions.Expect(page.Locator("[data-testid=pass-progress]")).ToContainTextAsync($"{step} of 10 logged in");
        }

        await Assertions.Expect(page.Locator("[data-testid=pass-finished]")).ToContainTextAsync("All 10 accounts are logged in");
        clock.Stop();
        Assert.Equal("same-page", await page.EvaluateAsync<string>("() => window.__passMarker"));
        Assert.Equal(1, windows);
        // The pass closes the window it kept once nothing is left to log in.
        await WaitClosedAsync(popup);
        await BrowserFixture.ScreenshotAsync(page, "42-login-all-finished");

        var total = appActions + brokerFormActions;
        var seconds = clock.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Log in all, 10 Zerodha sandbox accounts in one login window: {appActions} action in BrokerConsole for the whole pass (0 per account to advance), {brokerFormActions} in Kite's login form (user id, password, Enter; the 6-digit code, which submits itself) = {total} in all, {total / 10.0:0.0} per account. With a password manager: the same 4 per account (open its list + pick the login replace typing user id + password). Elapsed {seconds:0.0} s ({seconds / 10:0.0} s per account, scripted typing); no page reload; 1 window."));
        Assert.Equal(1, appActions);
        Assert.Equal(4 * LoginAllBrowserFixture.UserCount, brokerFormActions);
        Assert.True(total <= 4 * LoginAllBrowserFixture.UserCount + 1, $"{total} actions");
        Assert.True(seconds < 120, $"The pass took {seconds:0.0} s");

        await page.ClickAsync("text=Back to accounts");
        await Assertions.Expect(page.Locator("[data-testid=account-count]")).ToHaveTextAsync("10 of 10 accounts ready");
    }

    [Fact]
    public async Task Pass_bad_paths_each_say_what_happened_and_resume()
    {
        var page = await fixture.RegisterAsync("morning-bad@example.com");
        await AddZerodhaAccountAsync(page, 0);
        await AddZerodhaAccountAsync(page, 1);
        await OpenPassAsync(page);
        var message = page.Locator("[data-testid=pass-message]");

        // Blocked popup: what a popup blocker does is make window.open return null.
        await page.EvaluateAsync("() => { window.__open = window.open; window.open = () => null; }");
        await page.ClickAsync("[data-testid=pass-login]");
        await Assertions.Expect(message).ToContainTextAsync("blocked the login window");
        await page.EvaluateAsync("() => { window.open = window.__open; }");

        // Abandoned: the window closed without an outcome; the step stays and the message names the causes.
        var popup = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("[data-testid=pass-login]"));
        await popup.Locator("#userid").WaitForAsync();
        await popup.CloseAsync();
        await Assertions.Expect(message).ToContainTextAsync("was closed before Zerodha sent you back, so nothing changed");
        await Assertions.Expect(message).ToContainTextAsync("otherwise the login was just left unfinished");

        // Wrong TOTP: Kite's own page says so (the app cannot read it); the pass waits on the same step, and
        // closing the window then gives the causes of a refused code.
        popup = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("[data-testid=pass-login]"));
        await KiteSandboxLogin.PasswordStepAsync(popup, LoginAllBrowserFixture.UserId(0), LoginAllBrowserFixture.Password(0));
        await KiteSandboxLogin.TypeCodeAsync(popup, "000000");
        await Assertions.Expect(popup.Locator("#login-error")).ToContainTextAsync("Invalid TOTP");
        await Assertions.Expect(message).ToContainTextAsync("in the window that opened");
        await Assertions.Expect(page.Locator("[data-testid=pass-item]").First).ToHaveAttributeAsync("data-status", "Current");
        await popup.CloseAsync();
        await Assertions.Expect(message).ToContainTextAsync("If Zerodha said the TOTP was invalid, check your authenticator app's clock");
        await BrowserFixture.ScreenshotAsync(page, "43a-login-all-closed-after-wrong-totp");

        // A second tab of the same user is told, and can take over; the first tab then stands down.
        var second = await page.Context.NewPageAsync();
        await second.GotoAsync("/accounts/login-all");
        await second.Locator("[data-testid=login-pass][data-live=true]").WaitForAsync();
        await Assertions.Expect(second.Locator("[data-testid=pass-elsewhere]")).ToContainTextAsync("A pass is running in another tab");
        await Assertions.Expect(second.Locator("[data-testid=pass-login]")).ToHaveCountAsync(0);
        await second.ClickAsync("[data-testid=take-over]");
        await Assertions.Expect(page.Locator("[data-testid=pass-elsewhere]")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "43-login-all-taken-over");

        // The pass resumes in the second tab where it stopped, and its one window carries on to the next account.
        popup = await second.RunAndWaitForPopupAsync(() => second.ClickAsync("[data-testid=pass-login]"));
        await KiteSandboxLogin.LogInAsync(popup, LoginAllBrowserFixture.UserId(0), LoginAllBrowserFixture.Password(0));
        await Assertions.Expect(second.Locator("[data-testid=pass-progress]")).ToContainTextAsync("1 of 2 logged in");
        await KiteSandboxLogin.LogInAsync(popup, LoginAllBrowserFixture.UserId(1), LoginAllBrowserFixture.Password(1));
        await Assertions.Expect(second.Locator("[data-testid=pass-finished]")).ToContainTextAsync("All 2 accounts are logged in");
        await WaitClosedAsync(popup);

        // Closing the holder's tab gives the pass back at once (a pagehide beacon): the tab that stood down carries on.
        await second.CloseAsync(new() { RunBeforeUnload = true });
        await Assertions.Expect(page.Locator("[data-testid=pass-elsewhere]")).ToHaveCountAsync(0);
    }

    private static async Task<string[]> OrderAsync(IPage page) =>
        [.. (await page.Locator("[data-testid=pass-item] .bc-pass-name").AllTextContentsAsync())
            .Select(t => System.Text.RegularExpressions.Regex.Replace(t, @"\s+(Zerodha|Angel One) · .*$", "").Trim())];

    [Fact]
    public async Task Pass_order_moves_by_drag_and_by_keyboard_and_is_remembered_across_reloads_and_sessions()
    {
        var page = await fixture.RegisterAsync("morning-order@example.com");
        await AddZerodhaAccountAsync(page, 0);
        await AddZerodhaAccountAsync(page, 1);
        await AddZerodhaAccountAsync(page, 2);
        await OpenPassAsync(page);
        var items = page.Locator("[data-testid=pass-item]");
        Assert.Equal(["Morning 01", "Morning 02", "Morning 03"], await OrderAsync(page));

        // Drag the third onto the first: it takes the first place.
        await items.Nth(2).DragToAsync(items.First);
        await Assertions.Expect(items.First).ToContainTextAsync("Morning 03");
        Assert.Equal(["Morning 03", "Morning 01", "Morning 02"], await OrderAsync(page));
        await Assertions.Expect(page.Locator("[data-testid=pass-step]")).ToHaveAttributeAsync("data-client-id", LoginAllBrowserFixture.UserId(2));

        // Keyboard only: Tab to "move later" of the first item (a real button) and press Enter, then Space.
        var moveDown = items.First.Locator("[data-testid=move-down]");
        await Assertions.Expect(moveDown).ToHaveAttributeAsync("aria-label", "Move Morning 03 later in the pass");
        await moveDown.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(items.First).ToContainTextAsync("Morning 01");
        await items.Nth(2).Locator("[data-testid=move-up]").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(items.Nth(1)).ToContainTextAsync("Morning 02");
        Assert.Equal(["Morning 01", "Morning 02", "Morning 03"], await OrderAsync(page));
        await items.First.Locator("[data-testid=move-down]").ClickAsync();
        await Assertions.Expect(items.First).ToContainTextAsync("Morning 02");
        Assert.Equal(["Morning 02", "Morning 01", "Morning 03"], await OrderAsync(page));

        await page.ReloadAsync();
        await page.Locator("[data-testid=login-pass][data-live=true]").WaitForAsync();
        Assert.Equal(["Morning 02", "Morning 01", "Morning 03"], await OrderAsync(page));

        // Another browser session of the same user (fresh context, signed in again) sees the same order.
        await using var other = await page.Context.Browser!.NewContextAsync(new() { BaseURL = fixture.App.BaseUrl.ToString() });
        var again = await other.NewPageAsync();
        await again.GotoAsync("/account/login");
        await again.FillAsync("#email", "morning-order@example.com");
        await again.FillAsync("#password", "browser-test-2026");
        await again.ClickAsync("[data-testid=sign-in]");
        await again.WaitForURLAsync("**/accounts");
        await again.GotoAsync("/accounts/login-all");
        await again.Locator("[data-testid=login-pass][data-live=true]").WaitForAsync();
        Assert.Equal(["Morning 02", "Morning 01", "Morning 03"], await OrderAsync(again));
    }

    [Fact]
    public async Task Pass_shows_the_current_code_copies_it_and_the_sandbox_accepts_it()
    {
        var page = await fixture.RegisterAsync("morning-totp@example.com");
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = fixture.App.BaseUrl.GetLeftPart(UriPartial.Authority) });
        await AddZerodhaAccountAsync(page, 3, LoginAllBrowserFixture.TotpSecret(3));
        await OpenPassAsync(page);
        var shown = page.Locator("[data-testid=pass-totp-code]");
        await Assertions.Expect(shown).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9]{6}$"));
        await Assertions.Expect(page.Locator("[data-testid=pass-totp-left]")).ToContainTextAsync("s left");
        Assert.DoesNotContain(LoginAllBrowserFixture.TotpSecret(3), await page.ContentAsync(), StringComparison.Ordinal);

        var popup = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("[data-testid=pass-login]"));
        await KiteSandboxLogin.PasswordStepAsync(popup, LoginAllBrowserFixture.UserId(3), LoginAllBrowserFixture.Password(3));

        // Copy: the clipboard holds exactly the code shown, and the sandbox's own code for this user is the same
        // (both from one 30 s step unless a boundary falls in between; then the page moves to the new code too).
        var sandboxCode = await KiteSandboxLogin.CurrentCodeAsync(popup, LoginAllBrowserFixture.UserId(3));
        await Assertions.Expect(shown).ToHaveTextAsync(sandboxCode);
        // Copy well inside a 30 s window, so the code on the page cannot roll over between the copy and the read.
        var left = int.Parse((await page.Locator("[data-testid=pass-totp-left]").TextContentAsync())!.Split(' ')[0], CultureInfo.InvariantCulture);
        if (left < 5)
        {
            await Assertions.Expect(shown).Not.ToHaveTextAsync(sandboxCode, new() { Timeout = 10_000 });
        }

        await page.ClickAsync("[data-testid=pass-totp-copy]");
        await Assertions.Expect(page.Locator("[data-testid=pass-totp-copied]")).ToHaveTextAsync("Copied");
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Equal(await shown.TextContentAsync(), copied);
        await BrowserFixture.ScreenshotAsync(page, "44-login-all-totp");

        // Paste it into Kite's TOTP step (Ctrl+V): the complete code submits itself.
        await popup.Locator("#totp").FocusAsync();
        await popup.Keyboard.PressAsync("Control+V");
        await Assertions.Expect(page.Locator("[data-testid=pass-finished]")).ToContainTextAsync("All 1 accounts are logged in");
    }

    [Fact]
    public async Task Pass_window_closed_after_a_refused_stored_code_points_at_the_stored_secret()
    {
        var page = await fixture.RegisterAsync("morning-badsecret@example.com");
        // Valid Base32 but another user's seed: the code shown here is refused by Kite.
        await AddZerodhaAccountAsync(page, 4, LoginAllBrowserFixture.TotpSecret(5));
        await OpenPassAsync(page);
        var shown = await page.Locator("[data-testid=pass-totp-code]").TextContentAsync();

        var popup = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("[data-testid=pass-login]"));
        await KiteSandboxLogin.PasswordStepAsync(popup, LoginAllBrowserFixture.UserId(4), LoginAllBrowserFixture.Password(4));
        await KiteSandboxLogin.TypeCodeAsync(popup, shown!);
        await Assertions.Expect(popup.Locator("#login-error")).ToContainTextAsync("Invalid TOTP");
        await popup.CloseAsync();

        var message = page.Locator("[data-testid=pass-message]");
        await Assertions.Expect(message).ToContainTextAsync("the code shown here comes from the TOTP secret stored for this account: check that secret (Edit) and this server's clock");
        await Assertions.Expect(page.Locator("[data-testid=pass-item]")).ToHaveAttributeAsync("data-status", "Current");
    }

    private static async Task AddAngelAccountAsync(IPage page)
    {
        var before = await page.Locator("[data-testid=account-card]").CountAsync();
        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await BrowserFixture.ChooseBrokerAsync(page, "Angel One");
        await page.FillAsync("[data-testid=field-DisplayName]", "Morning Angel");
        await page.FillAsync("[data-testid=field-ClientId]", SandboxDemo.AngelClientCode);
        await page.FillAsync("[data-testid=field-ApiKey]", SandboxDemo.AngelApiKey);
        await page.FillAsync("[data-testid=field-Mpin]", SandboxDemo.AngelMpin);
        await page.FillAsync("[data-testid=field-TotpSecret]", SandboxDemo.AngelTotpSecret);
        await page.ClickAsync("[data-testid=save-account]");
        await Assertions.Expect(page.Locator("[data-testid=account-card]")).ToHaveCountAsync(before + 1);
    }

    [Fact]
    public async Task Pass_window_waits_through_a_server_side_angel_step_and_carries_on_to_the_next_zerodha_account()
    {
        var page = await fixture.RegisterAsync("morning-mixed@example.com");
        await AddZerodhaAccountAsync(page, 6);
        await AddZerodhaAccountAsync(page, 7);
        await AddAngelAccountAsync(page);
        await OpenPassAsync(page);
        var items = page.Locator("[data-testid=pass-item]");
        // Put Angel One between the two Zerodha accounts.
        var angel = items.Filter(new() { HasText = "Morning Angel" });
        await Assertions.Expect(items).ToHaveCountAsync(3);
        var at = Array.IndexOf(await OrderAsync(page), "Morning Angel");
        if (at != 1)
        {
            await angel.Locator(at == 2 ? "[data-testid=move-up]" : "[data-testid=move-down]").ClickAsync();
        }

        // The move is a circuit round trip: wait for it with Playwright's retrying expectation, not a fixed budget
        // (a hand-rolled 5 s poll ran out once on a loaded machine).
        await Assertions.Expect(items.Nth(1).Locator(".bc-pass-name")).ToContainTextAsync("Morning Angel");
        Assert.Equal(["Morning 07", "Morning Angel", "Morning 08"], await OrderAsync(page));

        var windows = 0;
        page.Popup += (_, _) => windows++;
        var popup = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("[data-testid=pass-login]"));
        await KiteSandboxLogin.LogInAsync(popup, LoginAllBrowserFixture.UserId(6), LoginAllBrowserFixture.Password(6));
        // Angel One logs in on the server by itself; the window then shows the second Zerodha login, no click here.
        await Assertions.Expect(items.Nth(1)).ToHaveAttributeAsync("data-status", "Done", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("[data-testid=pass-progress]")).ToContainTextAsync("2 of 3 logged in");
        await Assertions.Expect(page.Locator("[data-testid=pass-step]")).ToHaveAttributeAsync("data-client-id", LoginAllBrowserFixture.UserId(7));
        await KiteSandboxLogin.LogInAsync(popup, LoginAllBrowserFixture.UserId(7), LoginAllBrowserFixture.Password(7));
        await Assertions.Expect(page.Locator("[data-testid=pass-finished]")).ToContainTextAsync("All 3 accounts are logged in");
        await WaitClosedAsync(popup);
        Assert.Equal(1, windows);
    }

    [Fact]
    public async Task Pass_skips_and_comes_back_then_connects_angel_one_without_a_popup()
    {
        var page = await fixture.RegisterAsync("morning-angel@example.com");
        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await BrowserFixture.ChooseBrokerAsync(page, "Angel One");
        await page.FillAsync("[data-testid=field-DisplayName]", "Morning Angel");
        await page.FillAsync("[data-testid=field-ClientId]", SandboxDemo.AngelClientCode);
        await page.FillAsync("[data-testid=field-ApiKey]", SandboxDemo.AngelApiKey);
        await page.FillAsync("[data-testid=field-Mpin]", SandboxDemo.AngelMpin);
        await page.FillAsync("[data-testid=field-TotpSecret]", SandboxDemo.AngelTotpSecret);
        await page.ClickAsync("[data-testid=save-account]");
        await Assertions.Expect(page.Locator("[data-testid=account-card]")).ToHaveCountAsync(1);
        await OpenPassAsync(page);

        await page.ClickAsync("[data-testid=pass-skip]");
        await Assertions.Expect(page.Locator("[data-testid=pass-finished]")).ToContainTextAsync("1 skipped");
        await page.ClickAsync("[data-testid=pass-retry-skipped]");

        var popups = 0;
        page.Popup += (_, _) => popups++;
        await page.ClickAsync("[data-testid=pass-login]");
        await Assertions.Expect(page.Locator("[data-testid=pass-finished]")).ToContainTextAsync("All 1 accounts are logged in");
        Assert.Equal(0, popups);
    }
}
