using System.Globalization;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>The "Log in all" guided pass in real Chromium against the in-process Kite sandbox.</summary>
[Collection(LoginAllBrowserGroup.Name)]
public sealed class LoginAllBrowserTests(LoginAllBrowserFixture fixture)
{
    [Fact]
    public async Task Pass_bad_paths_each_say_what_happened_and_resume()
    {
        var page = await fixture.RegisterAsync("morning-bad@example.com");
        await LoginAllSteps.AddZerodhaAccountAsync(page, fixture.App, 0);
        await LoginAllSteps.AddZerodhaAccountAsync(page, fixture.App, 1);
        await LoginAllSteps.OpenPassAsync(page);
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
        await LoginAllSteps.WaitClosedAsync(popup);

        // Closing the holder's tab gives the pass back at once (a pagehide beacon): the tab that stood down carries on.
        await second.CloseAsync(new() { RunBeforeUnload = true });
        await Assertions.Expect(page.Locator("[data-testid=pass-elsewhere]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Pass_order_moves_by_drag_and_by_keyboard_and_is_remembered_across_reloads_and_sessions()
    {
        var page = await fixture.RegisterAsync("morning-order@example.com");
        await LoginAllSteps.AddZerodhaAccountAsync(page, fixture.App, 0);
        await LoginAllSteps.AddZerodhaAccountAsync(page, fixture.App, 1);
        await LoginAllSteps.AddZerodhaAccountAsync(page, fixture.App, 2);
        await LoginAllSteps.OpenPassAsync(page);
        var items = page.Locator("[data-testid=pass-item]");
        Assert.Equal(["Morning 01", "Morning 02", "Morning 03"], await LoginAllSteps.OrderAsync(page));

        // Drag the third onto the first: it takes the first place.
        await items.Nth(2).DragToAsync(items.First);
        await Assertions.Expect(items.First).ToContainTextAsync("Morning 03");
        Assert.Equal(["Morning 03", "Morning 01", "Morning 02"], await LoginAllSteps.OrderAsync(page));
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
        Assert.Equal(["Morning 01", "Morning 02", "Morning 03"], await LoginAllSteps.OrderAsync(page));
        await items.First.Locator("[data-testid=move-down]").ClickAsync();
        await Assertions.Expect(items.First).ToContainTextAsync("Morning 02");
        Assert.Equal(["Morning 02", "Morning 01", "Morning 03"], await LoginAllSteps.OrderAsync(page));

        await page.ReloadAsync();
        await page.Locator("[data-testid=login-pass][data-live=true]").WaitForAsync();
        Assert.Equal(["Morning 02", "Morning 01", "Morning 03"], await LoginAllSteps.OrderAsync(page));

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
        Assert.Equal(["Morning 02", "Morning 01", "Morning 03"], await LoginAllSteps.OrderAsync(again));
    }

    [Fact]
    public async Task Pass_shows_the_current_code_copies_it_and_the_sandbox_accepts_it()
    {
        var page = await fixture.RegisterAsync("morning-totp@example.com");
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = fixture.App.BaseUrl.GetLeftPart(UriPartial.Authority) });
        await LoginAllSteps.AddZerodhaAccountAsync(page, fixture.App, 3, LoginAllBrowserFixture.TotpSecret(3));
        await LoginAllSteps.OpenPassAsync(page);
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
        await LoginAllSteps.AddZerodhaAccountAsync(page, fixture.App, 4, LoginAllBrowserFixture.TotpSecret(5));
        await LoginAllSteps.OpenPassAsync(page);
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

    [Fact]
    public async Task Pass_window_waits_through_a_server_side_angel_step_and_carries_on_to_the_next_zerodha_account()
    {
        var page = await fixture.RegisterAsync("morning-mixed@example.com");
        await LoginAllSteps.AddZerodhaAccountAsync(page, fixture.App, 6);
        await LoginAllSteps.AddZerodhaAccountAsync(page, fixture.App, 7);
        await LoginAllSteps.AddAngelAccountAsync(page);
        await LoginAllSteps.OpenPassAsync(page);
        var items = page.Locator("[data-testid=pass-item]");
        // Put Angel One between the two Zerodha accounts.
        var angel = items.Filter(new() { HasText = "Morning Angel" });
        await Assertions.Expect(items).ToHaveCountAsync(3);
        var at = Array.IndexOf(await LoginAllSteps.OrderAsync(page), "Morning Angel");
        if (at != 1)
        {
            await angel.Locator(at == 2 ? "[data-testid=move-up]" : "[data-testid=move-down]").ClickAsync();
        }

        // The move is a circuit round trip: wait for it with Playwright's retrying expectation, not a fixed budget
        // (a hand-rolled 5 s poll ran out once on a loaded machine).
        await Assertions.Expect(items.Nth(1).Locator(".bc-pass-name")).ToContainTextAsync("Morning Angel");
        Assert.Equal(["Morning 07", "Morning Angel", "Morning 08"], await LoginAllSteps.OrderAsync(page));

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
        await LoginAllSteps.WaitClosedAsync(popup);
        Assert.Equal(1, windows);
    }

    [Fact]
    public async Task Pass_skips_and_comes_back_then_connects_angel_one_without_a_popup()
    {
        var page = await fixture.RegisterAsync("morning-angel@example.com");
        await LoginAllSteps.AddAngelAccountAsync(page);
        await LoginAllSteps.OpenPassAsync(page);

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
