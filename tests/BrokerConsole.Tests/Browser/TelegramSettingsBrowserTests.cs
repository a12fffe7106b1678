using System.Net.Http.Json;
using System.Text.Json;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>
/// Issue #16 §5 in Chromium: Settings → Notifications → Telegram. The bot token and chat id are saved, "Send test message"
/// reaches the Telegram sandbox (read back from the sandbox itself), and the token never comes back to the page: its
/// secret half is a canary searched for in the whole HTML after saving and after the test.
/// </summary>
[Collection(AccountsBrowserGroup.Name)]
public sealed class TelegramSettingsBrowserTests(BrowserFixture fixture)
{
    private const string BotToken = "7000000001:SandboxDemoBotTokenForBrokerConsole01";
    private const string Canary = "SandboxDemoBotTokenForBrokerConsole01";
    private const string ChatId = "424242001";

    [Fact]
    public async Task Saving_the_bot_and_sending_a_test_reaches_the_sandbox_and_never_shows_the_token()
    {
        var page = await fixture.RegisterAsync("telegram-browser@example.com");
        await page.GotoAsync("/settings");
        await BrowserFixture.WaitForCircuitAsync(page);
        var section = page.Locator("[data-testid=notification-settings]");
        await Assertions.Expect(section).ToBeVisibleAsync();

        await page.FillAsync("[data-testid=telegram-token]", BotToken);
        await page.FillAsync("[data-testid=telegram-chat]", ChatId);
        await page.ClickAsync("[data-testid=telegram-save]");
        await Assertions.Expect(page.Locator("[data-testid=telegram-stored]")).ToContainTextAsync("7000000001");
        await Assertions.Expect(page.Locator("[data-testid=telegram-state]")).ToContainTextAsync("Not tested yet");
        Assert.DoesNotContain(Canary, await page.ContentAsync(), StringComparison.Ordinal);

        await page.ClickAsync("[data-testid=telegram-test]");
        await Assertions.Expect(page.Locator("[data-testid=telegram-result]")).ToContainTextAsync("Test message sent");
        await Assertions.Expect(page.Locator("[data-testid=telegram-state]")).ToContainTextAsync("Working");
        Assert.DoesNotContain(Canary, await page.ContentAsync(), StringComparison.Ordinal);

        // The sandbox's own record: one message to this chat from this bot.
        using var http = new HttpClient { BaseAddress = fixture.App.BaseUrl };
        using var response = await http.PostAsJsonAsync("/sandbox/telegram/__control/messages", new { token = BotToken });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var sent = json.RootElement.GetProperty("result").EnumerateArray().Where(m => m.GetProperty("chat_id").GetString() == ChatId).ToList();
        var message = Assert.Single(sent);
        Assert.False(string.IsNullOrWhiteSpace(message.GetProperty("text").GetString()));

        foreach (var variant in ScreenVariant.All)
        {
            await variant.ApplyAsync(page);
            await page.GotoAsync("/settings");
            await BrowserFixture.WaitForCircuitAsync(page);
            await variant.ExpectThemeAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=telegram-stored]")).ToBeVisibleAsync();
            await section.ScrollIntoViewIfNeededAsync();
            await variant.ShootAsync(page, "80-settings-telegram");
            Assert.DoesNotContain(Canary, await page.ContentAsync(), StringComparison.Ordinal);
        }
    }
}
