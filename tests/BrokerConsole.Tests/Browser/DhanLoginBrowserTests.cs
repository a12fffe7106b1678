using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>Dhan's API key consent popup and its PIN + TOTP connect, in real Chromium against the in-process Dhan sandbox.</summary>
[Collection(LoginsBrowserGroup.Name)]
public sealed class DhanLoginBrowserTests(BrowserFixture fixture)
{
    private async Task<IPage> RegisterAndOpenDhanFormAsync(string email)
    {
        var page = await fixture.RegisterAsync(email);

        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await BrowserFixture.ChooseBrokerAsync(page, "Dhan");
        await Assertions.Expect(page.Locator("[data-testid=dhan-login-mode]")).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task Consent_popup_logs_in_on_dhans_page_and_turns_the_card_green()
    {
        var page = await RegisterAndOpenDhanFormAsync("dhan-consent@example.com");
        await page.ClickAsync("text=API key + secret (Dhan login page in a popup)");
        await Assertions.Expect(page.Locator("[data-testid=dhan-mode-help]")).ToContainTextAsync("25 consents a day");
        await Assertions.Expect(page.Locator("[data-testid=dhan-redirect-url]")).ToHaveTextAsync(new Uri(fixture.App.BaseUrl, "/connect/dhan/callback").ToString());
        await Assertions.Expect(page.Locator("[data-testid=field-AccessToken]")).ToHaveCountAsync(0);
        await page.FillAsync("[data-testid=field-DisplayName]", "Dhan consent");
        await page.FillAsync("[data-testid=field-ClientId]", SandboxDemo.DhanClientId);
        await page.FillAsync("[data-testid=field-ApiKey]", SandboxDemo.DhanApiKey);
        await page.FillAsync("[data-testid=field-ApiSecret]", SandboxDemo.DhanApiSecret);
        await page.Locator("[data-testid=dhan-redirect-url]").EvaluateAsync("el => el.scrollIntoView({ block: 'start' })");
        await BrowserFixture.ScreenshotAsync(page, "50-dhan-add-consent-mode");
        await page.ClickAsync("[data-testid=save-account]");

        var card = page.Locator("[data-testid=account-card]");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card.Locator("[data-testid=connect-account]")).ToHaveAttributeAsync("data-connect-url", new System.Text.RegularExpressions.Regex("^connect/dhan/start\\?accountId="));
        var popup = await page.RunAndWaitForPopupAsync(() => card.Locator("[data-testid=connect-account]").ClickAsync());
        await Assertions.Expect(popup).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sandbox/dhan/auth/login/consentApp-login\\?consentAppId="));
        await popup.WaitForLoadStateAsync();
        await BrowserFixture.ScreenshotAsync(popup, "51-dhan-sandbox-consent-login");
        var code = await popup.Locator($".demo-totp[data-user='{SandboxDemo.DhanClientId}']").TextContentAsync();
        var closed = new TaskCompletionSource();
        popup.Close += (_, _) => closed.TrySetResult();
        await popup.FillAsync("#clientId", SandboxDemo.DhanClientId);
        await popup.FillAsync("#pin", SandboxDemo.DhanPin);
        await popup.FillAsync("#totp", code!);
        await popup.ClickAsync("#login-submit");

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "Active");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "Active");
        await Assertions.Expect(card.Locator("[data-testid=card-note]")).ToContainTextAsync("Connected as Demo Dhan Trader");
        await BrowserFixture.ScreenshotAsync(page, "52-dhan-consent-card-active");

        var html = await page.ContentAsync();
        Assert.DoesNotContain(SandboxDemo.DhanApiSecret, html, StringComparison.Ordinal);
        Assert.DoesNotContain(SandboxDemo.DhanApiSecret, fixture.App.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(SandboxDemo.DhanPin, fixture.App.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PinTotp_connects_without_a_popup_and_a_wrong_pin_shows_the_cause()
    {
        var page = await RegisterAndOpenDhanFormAsync("dhan-pin@example.com");
        await page.ClickAsync("text=PIN + TOTP (no popup)");
        await Assertions.Expect(page.Locator("[data-testid=dhan-mode-help]")).ToContainTextAsync("Base32 key");
        await page.FillAsync("[data-testid=field-DisplayName]", "Dhan PIN");
        await page.FillAsync("[data-testid=field-ClientId]", SandboxDemo.DhanClientId);
        await page.FillAsync("[data-testid=field-Mpin]", "1234");
        await page.FillAsync("[data-testid=field-TotpSecret]", SandboxDemo.DhanTotpSecret);
        await page.ClickAsync("[data-testid=save-account]");
        await Assertions.Expect(page.Locator("[data-testid=account-editor]")).ToContainTextAsync("The Dhan PIN is exactly 6 digits.");
        await page.Locator("[data-testid=field-TotpSecret]").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(page, "53-dhan-add-pin-mode-error");
        await page.FillAsync("[data-testid=field-Mpin]", "000000");
        await page.ClickAsync("[data-testid=save-account]");

        var card = page.Locator("[data-testid=account-card]");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card.Locator("[data-testid=connect-account]")).Not.ToHaveAttributeAsync("data-connect-url", new System.Text.RegularExpressions.Regex("."));
        await card.Locator("[data-testid=connect-account]").ClickAsync();
        await Assertions.Expect(card.Locator("[data-testid=card-note]")).ToContainTextAsync("check the client id, 6-digit PIN and TOTP secret");
        await Assertions.Expect(card).Not.ToHaveAttributeAsync("data-state", "Active");
        await BrowserFixture.ScreenshotAsync(page, "54-dhan-pin-refused");

        await card.Locator("[data-testid=edit-account]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=field-Mpin]")).ToHaveAttributeAsync("placeholder", new System.Text.RegularExpressions.Regex("stored"));
        await page.FillAsync("[data-testid=field-Mpin]", SandboxDemo.DhanPin);
        await page.ClickAsync("[data-testid=save-account]");
        await Assertions.Expect(page.Locator("[data-testid=account-editor]")).ToHaveCountAsync(0);
        await card.Locator("[data-testid=connect-account]").ClickAsync();

        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "Active");
        await Assertions.Expect(card.Locator("[data-testid=card-note]")).ToContainTextAsync("Connected as Demo Dhan Trader");
        await BrowserFixture.ScreenshotAsync(page, "55-dhan-pin-card-active");
        var html = await page.ContentAsync();
        foreach (var secret in new[] { SandboxDemo.DhanPin, SandboxDemo.DhanTotpSecret })
        {
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, fixture.App.Output, StringComparison.Ordinal);
        }
    }
}

/// <summary>Dhan orders on the Orders page: modify goes to <c>PUT /orders/{id}</c> and history to <c>GET /orders/{id}</c>.</summary>
[Collection(OrdersBrowserGroup.Name)]
public sealed class DhanOrdersBrowserTests(BrowserFixture fixture)
{

    [Fact]
    public async Task Limit_order_modified_across_the_price_fills_and_history_shows_dhans_state()
    {
        var page = await fixture.RegisterAsync("dhan-orders@example.com");
        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await BrowserFixture.ChooseBrokerAsync(page, "Dhan");
        await page.FillAsync("[data-testid=field-DisplayName]", "Dhan orders");
        await page.FillAsync("[data-testid=field-ClientId]", SandboxDemo.DhanClientId);
        await page.FillAsync("[data-testid=field-AccessToken]", SandboxDemo.DhanToken);
        await page.ClickAsync("[data-testid=save-account]");
        var card = page.Locator("[data-testid=account-card]");
        await card.Locator("[data-testid=connect-account]").ClickAsync();
        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "Active");

        await page.GotoAsync("/orders");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=place-order]");
        var form = page.Locator("[data-testid=place-order-form]");
        await form.GetByText("LIMIT", new() { Exact = true }).ClickAsync();
        // Dhan addresses instruments by security id: 3045 is SBIN (LTP 812.40 in the sandbox).
        await page.FillAsync("[data-testid=order-symbol]", "3045");
        await BrowserFixture.FillNumericAsync(page, "order-quantity", "2");
        await BrowserFixture.FillNumericAsync(page, "order-price", "700");
        await page.ClickAsync("[data-testid=submit-order]");
        var result = page.Locator("[data-testid=place-result]");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-outcome", "Placed");
        var tag = System.Text.RegularExpressions.Regex.Match(await result.InnerTextAsync(), "Tag: (bc[0-9a-z]+)").Groups[1].Value;
        await page.ClickAsync("[data-testid=close-order]");

        var row = BrowserFixture.OrderRow(page, tag);
        // Dhan's own words (PENDING, TRADED) read as the words every broker's statuses read as; Dhan's is in the tooltip.
        await Assertions.Expect(row.Locator("[data-testid=order-status]")).ToHaveTextAsync("Open");
        await Assertions.Expect(row.Locator("[data-testid=order-status]")).ToHaveAttributeAsync("data-broker-status", "PENDING");
        await row.Locator("[data-testid=modify-order]").ClickAsync();
        await BrowserFixture.FillNumericAsync(page, "modify-price", "815");
        await page.ClickAsync("[data-testid=submit-modify]");
        await Assertions.Expect(page.Locator("[data-testid=modify-result]")).ToContainTextAsync("Complete");
        await BrowserFixture.ScreenshotAsync(page, "56-dhan-modify-result");
        await page.ClickAsync("[data-testid=close-modify]");

        await Assertions.Expect(row.Locator("[data-testid=order-status]")).ToHaveTextAsync("Complete");
        await Assertions.Expect(row.Locator("[data-testid=order-status]")).ToHaveAttributeAsync("data-broker-status", "TRADED");
        await row.Locator("[data-testid=order-history-button]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=history-row]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=history-row]")).ToContainTextAsync("Complete");
        await BrowserFixture.ScreenshotAsync(page, "57-dhan-order-history");
    }
}
