using System.Diagnostics;
using System.Globalization;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BrokerConsole.Tests.Browser;

/// <summary>The guided pass over ten Zerodha accounts in one login window, counting the user's actions.</summary>
[Collection(LoginAllTenAccountsBrowserGroup.Name)]
public sealed class LoginAllTenAccountsBrowserTests(LoginAllBrowserFixture fixture, ITestOutputHelper output)
{
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
            await LoginAllSteps.AddZerodhaAccountAsync(page, fixture.App, i);
        }

        await Assertions.Expect(page.Locator("[data-testid=account-count]")).ToHaveTextAsync("0 of 10 accounts ready");
        await LoginAllSteps.OpenPassAsync(page);
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
            var i = LoginAllSteps.IndexOf(clientId!);

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
        await LoginAllSteps.WaitClosedAsync(popup);
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
}
