using BrokerConsole.Core.Notifications.Telegram;
using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Notifications;

/// <summary>
/// The Telegram sandbox answers a bot whose token has "bot" inside, like the Development demo bot
/// (<c>7000000001:SandboxDemoBotTokenForBrokerConsole01</c>): its <c>bot{token}</c> route matched the literal from the right,
/// so "Send test message" in the demo said "HTTP 200 without a Bot API answer" (the sign-in page). Found by
/// TelegramSettingsBrowserTests.
/// </summary>
public sealed class TelegramSandboxRouteTests(SharedApp<NotificationsSandbox> app) : IClassFixture<SharedApp<NotificationsSandbox>>
{
    [Fact]
    public async Task A_token_with_bot_inside_it_is_delivered()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        var token = $"{Random.Shared.NextInt64(1_000_000_000, 9_999_999_999)}:SandboxDemoBotToken{Guid.NewGuid():N}";
        app.Telegram().RegisterBot(token);
        await trader.NotificationSettings().SaveTelegramAsync(token, "424242");

        var sent = await trader.NotificationSettings().SendTestAsync();

        Assert.True(sent.Status == TelegramSendStatus.Sent, sent.Explain());
        Assert.Single(app.Telegram().Messages(token));
    }
}
