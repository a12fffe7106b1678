namespace BrokerConsole.Core.Notifications;

/// <summary>
/// One user's notification routing: every notification is in the app; the kinds listed in <see cref="TelegramKinds"/>
/// also go to the user's Telegram bot. The bot token and chat id are stored only encrypted (Data Protection, purpose
/// bound to <see cref="Id"/>); the bot's numeric id (the public part before the colon) is kept to name the bot.
/// </summary>
public sealed class NotificationSettings
{
    /// <summary>Also the Data Protection purpose of the Telegram secrets, as an account id is for a broker's.</summary>
    public Guid Id { get; set; }

    public required string OwnerId { get; set; }

    /// <summary>Comma-separated <see cref="NotificationKind"/> names sent to Telegram (opt-in, per kind).</summary>
    public string TelegramKinds { get; set; } = "";

    public string? TelegramBotTokenCiphertext { get; set; }

    public string? TelegramChatIdCiphertext { get; set; }

    /// <summary>The bot's public numeric id (before the token's colon): enough to recognise the bot, useless to send as it.</summary>
    public string? TelegramBotId { get; set; }

    public TelegramChannelState TelegramState { get; set; }

    /// <summary>Why the channel is broken, in Telegram's words and ours; shown on the Settings page.</summary>
    public string? TelegramProblem { get; set; }

    public DateTimeOffset? TelegramCheckedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public IReadOnlySet<NotificationKind> ParseTelegramKinds() =>
        TelegramKinds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(k => Enum.TryParse<NotificationKind>(k, out var kind) ? kind : (NotificationKind?)null)
            .OfType<NotificationKind>()
            .ToHashSet();

    public bool HasTelegram => TelegramBotTokenCiphertext is not null && TelegramChatIdCiphertext is not null;
}

public enum TelegramChannelState
{
    /// <summary>No bot stored.</summary>
    None = 0,

    /// <summary>Stored, not yet used.</summary>
    Unverified = 1,

    /// <summary>The last message went through.</summary>
    Working = 2,

    /// <summary>Telegram refused the token (401) or the chat (403): nothing is sent until the user fixes it.</summary>
    Broken = 3,
}
