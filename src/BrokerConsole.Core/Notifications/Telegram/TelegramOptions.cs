using System.ComponentModel.DataAnnotations;

namespace BrokerConsole.Core.Notifications.Telegram;

/// <summary>The <c>Notifications:Telegram</c> section.</summary>
public sealed class TelegramOptions
{
    public const string SectionName = "Notifications:Telegram";

    /// <summary>Bot API root; the built-in sandbox's <c>/sandbox/telegram</c> when the sandbox is on and this is not set.</summary>
    public Uri ApiRoot { get; set; } = new("https://api.telegram.org");

    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages waiting to be sent; more are dropped (and logged) rather than held in memory without bound.</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 256;

    /// <summary>Tries per message (429 and unreachable/5xx are tried again; 400/401/403 never).</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>A 429 asking to wait longer than this drops the message instead of holding up every other user's.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LongestRetryAfter { get; set; } = TimeSpan.FromMinutes(2);
}
