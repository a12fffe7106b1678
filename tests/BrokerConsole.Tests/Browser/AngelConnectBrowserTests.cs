using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>Angel One's server-side login in real Chromium against the in-process Angel sandbox.</summary>
[Collection(LoginsBrowserGroup.Name)]
public sealed class AngelConnectBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Connect_button_logs_in_on_the_server_and_turns_the_card_green()
    {
        var page = await fixture.RegisterAsync("angel-connect@example.com");

        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await BrowserFixture.ChooseBrokerAsync(page, "Angel One");
        await Assertions.Expect(page.Locator("[data-testid=static-ip-warning]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=public-ip]")).ToContainTextAsync("could not be detected: set the config key Network:PublicIp");
        await Assertions.Expect(page.Locator("[data-testid=connect-help]")).ToContainTextAsync("enable-totp");
        await BrowserFixture.ScreenshotAsync(page, "20-angel-add-static-ip");
        await page.FillAsync("[data-testid=field-DisplayName]", "Sandbox Angel");
        await page.FillAsync("[data-testid=field-ClientId]", SandboxDemo.AngelClientCode);
        await page.FillAsync("[data-testid=field-ApiKey]", SandboxDemo.AngelApiKey);
        await page.FillAsync("[data-testid=field-Mpin]", SandboxDemo.AngelMpin);
        await page.FillAsync("[data-testid=field-TotpSecret]", SandboxDemo.AngelTotpSecret);
        await page.ClickAsync("[data-testid=save-account]");

        var card = page.Locator("[data-testid=account-card]");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card.Locator("[data-testid=session-badge]")).ToHaveTextAsync("No session");
        await card.Locator("[data-testid=connect-account]").ClickAsync();

        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "Active");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "Active");
        await Assertions.Expect(card.Locator("[data-testid=card-note]")).ToContainTextAsync("Connected as Demo Angel Trader");
        await BrowserFixture.ScreenshotAsync(page, "21-angel-card-active");

        await card.Locator("[data-testid=manage-account]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=quick-link]").First).ToContainTextAsync("Angel One");
        await page.ClickAsync("text=Credentials");
        await Assertions.Expect(page.Locator("[data-testid=auth-header]")).ToContainTextAsync("Authorization: Bearer <access_token>");
        await Assertions.Expect(page.Locator("[data-testid=auth-header]")).ToContainTextAsync($"X-PrivateKey: {SandboxDemo.AngelApiKey}");
        await page.ClickAsync("text=Test Connection");
        await page.ClickAsync("[data-testid=run-test]");
        await Assertions.Expect(page.Locator("[data-testid=test-profile]")).ToContainTextAsync("Demo Angel Trader");
        await BrowserFixture.ScreenshotAsync(page, "22-angel-manage-test");

        Assert.DoesNotContain(SandboxDemo.AngelTotpSecret, fixture.App.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dhan_connect_validates_the_pasted_token_and_turns_the_card_green()
    {
        var page = await fixture.RegisterAsync("dhan-connect@example.com");

        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await BrowserFixture.ChooseBrokerAsync(page, "Dhan");
        await Assertions.Expect(page.Locator("[data-testid=static-ip-warning]")).ToBeVisibleAsync();
        await page.FillAsync("[data-testid=field-DisplayName]", "Sandbox Dhan");
        await page.FillAsync("[data-testid=field-ClientId]", SandboxDemo.DhanClientId);
        await page.FillAsync("[data-testid=field-AccessToken]", SandboxDemo.DhanToken);
        await page.ClickAsync("[data-testid=save-account]");

        var card = page.Locator("[data-testid=account-card]");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await card.Locator("[data-testid=connect-account]").ClickAsync();
        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "Active");
        await Assertions.Expect(card.Locator("[data-testid=card-note]")).ToContainTextAsync("Connected as Demo Dhan Trader");
        await BrowserFixture.ScreenshotAsync(page, "40-dhan-card-active");
        Assert.DoesNotContain(SandboxDemo.DhanToken, fixture.App.Output, StringComparison.Ordinal);
    }
}
