using System.Globalization;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>What the Log in all browser tests do over and over: add accounts, open the pass, wait for its window.</summary>
internal static class LoginAllSteps
{
    public static async Task AddZerodhaAccountAsync(IPage page, RunningApp app, int i, string? totpSecret = null)
    {
        if (totpSecret is not null)
        {
            // A stored Zerodha TOTP secret needs the console's second factor on first, and the password again.
            await BrowserFixture.EnableTwoFactorAsync(page);
        }

        var before = await page.Locator("[data-testid=account-card]").CountAsync();
        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await page.FillAsync("[data-testid=field-DisplayName]", $"Morning {i + 1:00}");
        await page.FillAsync("[data-testid=field-ClientId]", LoginAllBrowserFixture.UserId(i));
        await page.FillAsync("[data-testid=field-ApiKey]", SandboxDemo.ApiKey);
        await page.FillAsync("[data-testid=field-ApiSecret]", SandboxDemo.ApiSecret);
        await page.FillAsync("[data-testid=field-RedirectUrl]", new Uri(app.BaseUrl, "/connect/zerodha/callback").ToString());
        if (totpSecret is not null)
        {
            await page.FillAsync("[data-testid=field-TotpSecret]", totpSecret);
        }

        await page.ClickAsync("[data-testid=save-account]");
        if (totpSecret is not null)
        {
            await BrowserFixture.ConfirmPasswordAsync(page);
        }

        await Assertions.Expect(page.Locator("[data-testid=account-card]")).ToHaveCountAsync(before + 1);
    }

    public static async Task<IPage> OpenPassAsync(IPage page)
    {
        await page.ClickAsync("[data-testid=login-all-link]");
        await page.WaitForURLAsync("**/accounts/login-all");
        await page.Locator("[data-testid=login-pass][data-live=true]").WaitForAsync();
        return page;
    }

    /// <summary>Waits for the pass to close its login window: on the window's own close event, not by polling.</summary>
    public static async Task WaitClosedAsync(IPage popup)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        popup.Close += (_, _) => closed.TrySetResult();
        if (!popup.IsClosed)
        {
            // A guard against a hang, not a pause: the close event ends the wait.
            await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public static int IndexOf(string clientId) => int.Parse(clientId[2..], CultureInfo.InvariantCulture) - 1001;

    public static async Task<string[]> OrderAsync(IPage page) =>
        [.. (await page.Locator("[data-testid=pass-item] .bc-pass-name").AllTextContentsAsync())
            .Select(t => System.Text.RegularExpressions.Regex.Replace(t, @"\s+(Zerodha|Angel One) · .*$", "").Trim())];

    public static async Task AddAngelAccountAsync(IPage page)
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
}
