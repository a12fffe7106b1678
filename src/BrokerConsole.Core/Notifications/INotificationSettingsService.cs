using BrokerConsole.Core.Notifications.Telegram;

namespace BrokerConsole.Core.Notifications;

/// <summary>What the Settings page shows of the user's notification routing. The bot token is never part of it.</summary>
/// <param name="TelegramKinds">Kinds also sent to Telegram.</param>
/// <param name="TelegramState">Whether the channel works, is untested, broken or absent.</param>
/// <param name="BotId">The bot's public numeric id, when a bot is stored.</param>
/// <param name="ChatIdHint">The chat id's last characters, when stored.</param>
/// <param name="TelegramProblem">Why the last send failed, in words for the user.</param>
/// <param name="TelegramCheckedAt">When Telegram last answered.</param>
public sealed record NotificationSettingsView(
    IReadOnlySet<NotificationKind> TelegramKinds,
    TelegramChannelState TelegramState,
    string? BotId,
    string? ChatIdHint,
    string? TelegramProblem,
    DateTimeOffset? TelegramCheckedAt);

/// <summary>The signed-in user's notification settings (owner from the current user, as everywhere).</summary>
public interface INotificationSettingsService
{
    Task<NotificationSettingsView> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Which trading kinds also go to Telegram; every kind stays in the app whatever is chosen here.</summary>
    Task SetTelegramKindsAsync(IEnumerable<NotificationKind> kinds, CancellationToken cancellationToken = default);

    /// <summary>Stores the bot token and chat id encrypted; the channel is unverified until a message goes through.</summary>
    /// <exception cref="NotificationSettingsException">The token or chat id is not in Telegram's format.</exception>
    Task SaveTelegramAsync(string botToken, string chatId, CancellationToken cancellationToken = default);

    Task RemoveTelegramAsync(CancellationToken cancellationToken = default);

    /// <summary>Sends a test message now (the user waits for the answer) and records what Telegram said.</summary>
    Task<TelegramSendResult> SendTestAsync(CancellationToken cancellationToken = default);
}

/// <summary>A value the user typed is not acceptable; the message says which and why.</summary>
public sealed class NotificationSettingsException(string message) : Exception(message);
