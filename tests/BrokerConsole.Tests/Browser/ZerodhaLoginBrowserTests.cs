using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>The whole Zerodha popup flow in real Chromium against the in-process Kite sandbox.</summary>
[Collection(LoginsBrowserGroup.Name)]
public sealed class ZerodhaLoginBrowserTests(BrowserFixture fixture)
{
    private async Task<IPage> SignedInWithAccountAsync(string email, string clientId = SandboxDemo.UserA)
    {
        var page = await fixture.RegisterAsync(email);

        await fixture.AddDemoKiteAccountAsync(page, "Sandbox Kite", clientId);
        return page;
    }

    /// <summary>Logs in the way a newcomer does: reading the demo user's current code off the sandbox page.</summary>
    private static async Task LogInToSandboxAsync(IPage popup, string userId, string password)
    {
        await popup.WaitForLoadStateAsync();
        await KiteSandboxLogin.LogInAsync(popup, userId, password);
    }

    [Fact]
    public async Task Popup_login_turns_the_card_green_and_test_connection_shows_the_profile()
    {
        var page = await SignedInWithAccountAsync("kite-popup@example.com");
        var card = page.Locator("[data-testid=account-card]");
        await Assertions.Expect(card.Locator("[data-testid=session-badge]")).ToHaveTextAsync("No session");

        var popup = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("[data-testid=connect-account]"));
        await Assertions.Expect(popup).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sandbox/kite/connect/login"));
        await BrowserFixture.ScreenshotAsync(popup, "10-kite-sandbox-login");
        var closed = new TaskCompletionSource();
        popup.Close += (_, _) => closed.TrySetResult();
        await LogInToSandboxAsync(popup, SandboxDemo.UserA, SandboxDemo.PasswordA);

        // The popup closes itself and the opener's card turns green without a reload.
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "Active");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "Active");
        await Assertions.Expect(card.Locator("[data-testid=time-remaining]")).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator("[data-testid=last-login]")).Not.ToHaveTextAsync("never");
        await BrowserFixture.ScreenshotAsync(page, "11-card-active");

        await card.Locator("[data-testid=manage-account]").ClickAsync();
        // A Kite session ends at 06:00 IST: a run between 04:00 and 06:00 IST is inside the two-hour warning and the
        // chip rightly says "Expiring soon" (the test failed at 04:04 IST when it asked for "Live" only).
        await Assertions.Expect(page.Locator("[data-testid=manage-status]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(Live|Expiring soon)$"));
        await BrowserFixture.ScreenshotAsync(page, "12-manage-overview");
        await page.ClickAsync("text=Credentials");
        await Assertions.Expect(page.Locator("[data-testid=cred-access-token]")).ToHaveTextAsync("••••••••");
        await Assertions.Expect(page.Locator("[data-testid=auth-header]")).ToContainTextAsync($"Authorization: token {SandboxDemo.ApiKey}:<access_token>");
        await page.ClickAsync("text=Test Connection");
        await page.ClickAsync("[data-testid=run-test]");
        await Assertions.Expect(page.Locator("[data-testid=test-result]")).ToContainTextAsync("Success");
        await Assertions.Expect(page.Locator("[data-testid=test-profile]")).ToContainTextAsync("Demo Trader A");
        await BrowserFixture.ScreenshotAsync(page, "13-manage-test-connection");

        Assert.DoesNotContain(SandboxDemo.ApiSecret, fixture.App.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelled_login_says_so_and_leaves_the_account_unchanged()
    {
        var page = await SignedInWithAccountAsync("kite-cancel@example.com");
        var popup = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("[data-testid=connect-account]"));
        await popup.WaitForLoadStateAsync();
        await popup.ClickAsync("#login-cancel");

        var card = page.Locator("[data-testid=account-card]");
        await Assertions.Expect(card.Locator("[data-testid=card-note]")).ToContainTextAsync("cancelled");
        await Assertions.Expect(card.Locator("[data-testid=session-badge]")).ToHaveTextAsync("No session");
    }

    [Fact]
    public async Task Logging_in_as_another_zerodha_user_is_refused()
    {
        var page = await SignedInWithAccountAsync("kite-wrong-user@example.com");
        var popup = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("[data-testid=connect-account]"));
        await LogInToSandboxAsync(popup, SandboxDemo.UserB, SandboxDemo.PasswordB);

        var card = page.Locator("[data-testid=account-card]");
        await Assertions.Expect(card.Locator("[data-testid=card-note]")).ToContainTextAsync($"You logged in to Zerodha as {SandboxDemo.UserB}");
        await Assertions.Expect(card.Locator("[data-testid=session-badge]")).ToHaveTextAsync("No session");
    }

    [Fact]
    public async Task Blocked_popup_gets_a_specific_message()
    {
        var page = await SignedInWithAccountAsync("kite-blocked@example.com");
        // What a popup blocker does: window.open returns null.
        await page.EvaluateAsync("() => { window.open = () => null; }");
        await page.ClickAsync("[data-testid=connect-account]");
        await Assertions.Expect(page.Locator("[data-testid=card-note]")).ToContainTextAsync("blocked the login window");
    }

    [Fact]
    public async Task Forged_state_on_the_callback_is_refused()
    {
        var page = await SignedInWithAccountAsync("kite-forged@example.com");
        await page.GotoAsync("/connect/zerodha/callback?action=login&type=login&status=success&request_token=forged123&state=not-a-real-state");
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-login-outcome", "InvalidState");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("could not be matched to a login you started here");
    }

    [Fact]
    public async Task Ctrl_enter_on_a_focused_card_logs_in_and_disconnect_ends_the_session()
    {
        var page = await SignedInWithAccountAsync("kite-keyboard@example.com");
        var card = page.Locator("[data-testid=account-card]");
        await card.FocusAsync();

        var popup = await page.RunAndWaitForPopupAsync(() => page.Keyboard.PressAsync("Control+Enter"));
        await LogInToSandboxAsync(popup, SandboxDemo.UserA, SandboxDemo.PasswordA);
        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "Active");

        // R on the focused card re-checks it against the broker.
        await card.FocusAsync();
        await page.Keyboard.PressAsync("r");
        await Assertions.Expect(card.Locator("[data-testid=card-note]")).ToContainTextAsync("the broker answered as Demo Trader A");

        await card.Locator("[data-testid=manage-account]").ClickAsync();
        await page.ClickAsync("[data-testid=disconnect]");
        await BrowserFixture.ConfirmAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=manage-message]")).ToContainTextAsync("the token was invalidated at Zerodha");
        await Assertions.Expect(page.Locator("[data-testid=session-history]")).ToContainTextAsync("Logged out");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(card.Locator("[data-testid=session-badge]")).ToHaveTextAsync("No session");
    }
}
