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

    private static int IndexOf(string clientId) => int.Parse(clientId[2..], CultureInfo.InvariantCulture) - 1001;

    [Fact]
    public async Task Pass_brings_ten_zerodha_accounts_to_green_without_a_reload()
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

        var appActions = 0;
        var brokerFormActions = 0;
        var clock = Stopwatch.StartNew();
        for (var step = 1; step <= LoginAllBrowserFixture.UserCount; step++)
        {
            var clientId = await page.Locator("[data-testid=pass-step]").GetAttributeAsync("data-client-id");
            var i = IndexOf(clientId!);

            var popup = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("[data-testid=pass-login]"));
            appActions++;
            await popup.WaitForLoadStateAsync();
            var code = await popup.Locator($".demo-totp[data-user={clientId}]").TextContentAsync();
            await popup.FillAsync("#userid", clientId!);
            await popup.FillAsync("#password", LoginAllBrowserFixture.Password(i));
            await popup.FillAsync("#totp", code!);
            await popup.ClickAsync("#login-submit");
            brokerFormActions += 4;
            if (step == 5)
            {
                await BrowserFixture.ScreenshotAsync(page, "41-login-all-half-way");
            }

            // No click: the page advances by itself when the session notifier reports Connected.
            await Assertions.Expect(page.Locator("[data-testid=pass-progress]")).ToContainTextAsync($"{step} of 10 logged in");
        }

        clock.Stop();
        await Assertions.Expect(page.Locator("[data-testid=pass-finished]")).ToContainTextAsync("All 10 accounts are logged in");
        Assert.Equal("same-page", await page.EvaluateAsync<string>("() => window.__passMarker"));
        await BrowserFixture.ScreenshotAsync(page, "42-login-all-finished");

        var perAccount = (double)(appActions + brokerFormActions) / LoginAllBrowserFixture.UserCount;
        var seconds = clock.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Log in all, 10 Zerodha sandbox accounts: {appActions} actions in BrokerConsole ({appActions / 10.0:0.#} per account, 0 to advance), {brokerFormActions} in the broker's login form (user id, password, TOTP, submit), {perAccount:0.#} per account in all; elapsed {seconds:0.0} s ({seconds / 10:0.0} s per account); no page reload."));

        await page.ClickAsync("text=Back to accounts");
        await Assertions.Expect(page.Locator("[data-testid=account-count]")).ToHaveTextAsync("10 of 10 accounts ready");
    }

    [Fact]
    public async Task Pass_bad_paths_each_say_what_happened_and_resume()
    {
        var page = await fixture.RegisterAsync("morning-bad@example.com");
        await AddZerodhaAccountAsync(page, 0);
        await OpenPassAsync(page);
        var message = page.Locator("[data-testid=pass-message]");

        // Blocked popup: what a popup blocker does is make window.open return null.
        await page.EvaluateAsync("() => { window.__open = window.open; window.open = () => null; }");
        await page.ClickAsync("[data-testid=pass-login]");
        await Assertions.Expect(message).ToContainTextAsync("blocked the login window");
        await page.EvaluateAsync("() => { window.open = window.__open; }");

        // Abandoned: the popup closed without an outcome.
        var popup = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("[data-testid=pass-login]"));
        await popup.WaitForLoadStateAsync();
        await popup.CloseAsync();
        await Assertions.Expect(message).ToContainTextAsync("was closed before the login finished");

        // Wrong TOTP: the sandbox shows its form again and the pass just waits on the same step.
        popup = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("[data-testid=pass-login]"));
        await popup.WaitForLoadStateAsync();
        await popup.FillAsync("#userid", LoginAllBrowserFixture.UserId(0));
        await popup.FillAsync("#password", LoginAllBrowserFixture.Password(0));
        await popup.FillAsync("#totp", "000000");
        await popup.ClickAsync("#login-submit");
        await Assertions.Expect(popup.Locator("#login-error")).ToBeVisibleAsync();
        await Assertions.Expect(message).ToContainTextAsync("in the window that opened");
        await Assertions.Expect(page.Locator("[data-testid=pass-item]")).ToHaveAttributeAsync("data-status", "Current");
        await popup.CloseAsync();
        await Assertions.Expect(message).ToContainTextAsync("a code was refused");

        // A second tab of the same user is told, and can take over; the first tab then stands down.
        var second = await page.Context.NewPageAsync();
        await second.GotoAsync("/accounts/login-all");
        await second.Locator("[data-testid=login-pass][data-live=true]").WaitForAsync();
        await Assertions.Expect(second.Locator("[data-testid=pass-elsewhere]")).ToContainTextAsync("A pass is running in another tab");
        await Assertions.Expect(second.Locator("[data-testid=pass-login]")).ToHaveCountAsync(0);
        await second.ClickAsync("[data-testid=take-over]");
        await Assertions.Expect(page.Locator("[data-testid=pass-elsewhere]")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "43-login-all-taken-over");

        // The pass resumes in the second tab where it stopped.
        popup = await second.RunAndWaitForPopupAsync(() => second.ClickAsync("[data-testid=pass-login]"));
        await popup.WaitForLoadStateAsync();
        var code = await popup.Locator($".demo-totp[data-user={LoginAllBrowserFixture.UserId(0)}]").TextContentAsync();
        await popup.FillAsync("#userid", LoginAllBrowserFixture.UserId(0));
        await popup.FillAsync("#password", LoginAllBrowserFixture.Password(0));
        await popup.FillAsync("#totp", code!);
        await popup.ClickAsync("#login-submit");
        await Assertions.Expect(second.Locator("[data-testid=pass-finished]")).ToContainTextAsync("All 1 accounts are logged in");
    }

    [Fact]
    public async Task Pass_order_moves_with_the_buttons_and_is_remembered()
    {
        var page = await fixture.RegisterAsync("morning-order@example.com");
        await AddZerodhaAccountAsync(page, 0);
        await AddZerodhaAccountAsync(page, 1);
        await OpenPassAsync(page);
        var items = page.Locator("[data-testid=pass-item]");
        await Assertions.Expect(items.First).ToContainTextAsync("Morning 01");

        await items.Nth(1).Locator("[data-testid=move-up]").ClickAsync();
        await Assertions.Expect(items.First).ToContainTextAsync("Morning 02");
        await Assertions.Expect(page.Locator("[data-testid=pass-step]")).ToHaveAttributeAsync("data-client-id", LoginAllBrowserFixture.UserId(1));

        await page.ReloadAsync();
        await page.Locator("[data-testid=login-pass][data-live=true]").WaitForAsync();
        await Assertions.Expect(items.First).ToContainTextAsync("Morning 02");
    }

    [Fact]
    public async Task Pass_shows_the_current_code_from_a_stored_secret_and_the_sandbox_accepts_it()
    {
        var page = await fixture.RegisterAsync("morning-totp@example.com");
        await AddZerodhaAccountAsync(page, 3, LoginAllBrowserFixture.TotpSecret(3));
        await OpenPassAsync(page);
        var shown = page.Locator("[data-testid=pass-totp-code]");
        await Assertions.Expect(shown).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9]{6}$"));
        await Assertions.Expect(page.Locator("[data-testid=pass-totp-left]")).ToContainTextAsync("s left");
        await BrowserFixture.ScreenshotAsync(page, "44-login-all-totp");
        Assert.DoesNotContain(LoginAllBrowserFixture.TotpSecret(3), await page.ContentAsync(), StringComparison.Ordinal);

        var popup = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("[data-testid=pass-login]"));
        await popup.WaitForLoadStateAsync();
        // The sandbox's own code for this user, computed independently; both come from the same 30 s step
        // unless a step boundary falls in between, in which case the page has moved to the new code too.
        var sandboxCode = await popup.Locator($".demo-totp[data-user={LoginAllBrowserFixture.UserId(3)}]").TextContentAsync();
        await Assertions.Expect(shown).ToHaveTextAsync(sandboxCode!);
        var code = await shown.TextContentAsync();
        await popup.FillAsync("#userid", LoginAllBrowserFixture.UserId(3));
        await popup.FillAsync("#password", LoginAllBrowserFixture.Password(3));
        await popup.FillAsync("#totp", code!);
        await popup.ClickAsync("#login-submit");
        await Assertions.Expect(page.Locator("[data-testid=pass-finished]")).ToContainTextAsync("All 1 accounts are logged in");
    }

    [Fact]
    public async Task Pass_skips_and_comes_back_then_connects_angel_one_without_a_popup()
    {
        var page = await fixture.RegisterAsync("morning-angel@example.com");
        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await page.ClickAsync("[data-testid=field-Broker]");
        await page.ClickAsync(".rz-dropdown-item:has-text('Angel One')");
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
