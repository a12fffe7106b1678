using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>The Fyers auth-code popup flow in real Chromium against the in-process Fyers sandbox.</summary>
[Collection(LoginsBrowserGroup.Name)]
public sealed class FyersLoginBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Popup_login_turns_the_card_green()
    {
        var page = await fixture.RegisterAsync("fyers-popup@example.com");

        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await BrowserFixture.ChooseBrokerAsync(page, "Fyers");
        await Assertions.Expect(page.Locator("[data-testid=static-ip-warning]")).ToBeVisibleAsync();
        await page.FillAsync("[data-testid=field-DisplayName]", "Sandbox Fyers");
        await page.FillAsync("[data-testid=field-ClientId]", SandboxDemo.FyersUser);
        await page.FillAsync("[data-testid=field-ApiKey]", SandboxDemo.FyersAppId);
        await page.FillAsync("[data-testid=field-ApiSecret]", SandboxDemo.FyersSecret);
        await page.FillAsync("[data-testid=field-RedirectUrl]", new Uri(fixture.App.BaseUrl, "/connect/fyers/callback").ToString());
        await page.ClickAsync("[data-testid=save-account]");
        var card = page.Locator("[data-testid=account-card]");
        await Assertions.Expect(card).ToHaveCountAsync(1);

        var popup = await page.RunAndWaitForPopupAsync(() => card.Locator("[data-testid=connect-account]").ClickAsync());
        await Assertions.Expect(popup).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sandbox/fyers/api/v3/generate-authcode"));
        await popup.WaitForLoadStateAsync();
        await BrowserFixture.ScreenshotAsync(popup, "30-fyers-sandbox-login");
        var code = await popup.Locator($".demo-totp[data-user={SandboxDemo.FyersUser}]").TextContentAsync();
        var closed = new TaskCompletionSource();
        popup.Close += (_, _) => closed.TrySetResult();
        await popup.FillAsync("#fy_id", SandboxDemo.FyersUser);
        await popup.FillAsync("#totp", code!);
        await popup.FillAsync("#pin", SandboxDemo.FyersPin);
        await popup.ClickAsync("#login-submit");

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "Active");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "Active");
        await BrowserFixture.ScreenshotAsync(page, "31-fyers-card-active");
        Assert.DoesNotContain(SandboxDemo.FyersSecret, fixture.App.Output, StringComparison.Ordinal);
    }
}
