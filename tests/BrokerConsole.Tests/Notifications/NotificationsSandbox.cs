using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Notifications;
using BrokerConsole.Sandbox.Telegram;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Notifications;

/// <summary>The app with the hosted Kite sandbox and the Telegram Bot API sandbox, both over real HTTP on loopback.</summary>
public sealed class NotificationsSandbox : IAppRecipe
{
    public static AppFixture Recipe() => AppFixture.Create()
        .WithSandbox()
        .WithSandboxBroker(BrokerKind.Zerodha)
        .WithSetting("Notifications:Telegram:ApiRoot", app => app.SandboxRoot + "/telegram");
}

/// <summary>Telegram set-up for a trader: a fresh bot the sandbox knows (or not), a chat, and the kinds to send.</summary>
public static class TelegramTraders
{
    /// <summary>A token in BotFather's shape, unique per call, so tests sharing the sandbox never read each other's messages.</summary>
    public static string NewToken() => $"{Random.Shared.NextInt64(1_000_000_000, 9_999_999_999)}:AA{Guid.NewGuid():N}";

    public static TelegramSandboxState Telegram(this TestApp app) => app.Sandbox.Services.GetRequiredService<TelegramSandboxState>();

    public static INotificationSettingsService NotificationSettings(this Trader trader) => trader.Scope.ServiceProvider.GetRequiredService<INotificationSettingsService>();

    public static INotificationService Inbox(this Trader trader) => trader.Scope.ServiceProvider.GetRequiredService<INotificationService>();

    /// <summary>Stores a bot (registered with the sandbox unless <paramref name="known"/> is false) and opts in to <paramref name="kinds"/>.</summary>
    public static Task<string> ConnectTelegramAsync(this TestApp app, Trader trader, bool known = true, params NotificationKind[] kinds) =>
        app.ConnectTelegramAsync(trader, "424242", known, kinds);

    public static async Task<string> ConnectTelegramAsync(this TestApp app, Trader trader, string chatId, bool known, params NotificationKind[] kinds)
    {
        var token = NewToken();
        if (known)
        {
            app.Telegram().RegisterBot(token);
        }

        await trader.NotificationSettings().SaveTelegramAsync(token, chatId);
        await trader.NotificationSettings().SetTelegramKindsAsync(kinds);
        return token;
    }
}
