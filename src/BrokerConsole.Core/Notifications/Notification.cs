using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Errors;

namespace BrokerConsole.Core.Notifications;

/// <summary>One message to one user about one account, stored until dismissed (and then until retention ends).</summary>
public sealed class Notification
{
    public Guid Id { get; set; }

    public required string OwnerId { get; set; }

    public Guid AccountId { get; set; }

    /// <summary>The session it is about; "once per session" is checked against this.</summary>
    public Guid? SessionId { get; set; }

    public BrokerKind Broker { get; set; }

    public NotificationKind Kind { get; set; }

    /// <summary>Words for the user; never a token.</summary>
    public required string Message { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ReadAt { get; set; }

    public DateTimeOffset? DismissedAt { get; set; }

    /// <summary>
    /// What makes a trading notification the same event (e.g. <c>order:{account}:{order id}:Complete</c>): unique per owner,
    /// so a fill seen by a postback and again by polling is stored once. Null for session notifications.
    /// </summary>
    public string? DedupeKey { get; set; }

    /// <summary>A page of this app that shows what the notification is about (relative, e.g. <c>schedules/runs/{id}</c>).</summary>
    public string? Link { get; set; }

    /// <summary>How it reads at a glance; <see cref="NotificationTone.Default"/> lets the kind decide.</summary>
    public NotificationTone Tone { get; set; }
}

/// <summary>The colour a notification wears. A run with rejections is <see cref="Warning"/>, never <see cref="Success"/>.</summary>
public enum NotificationTone
{
    Default = 0,
    Success = 1,
    Info = 2,
    Warning = 3,
    Error = 4,
}

public enum NotificationKind
{
    /// <summary>Less than the warning threshold left: log in again before it ends.</summary>
    SessionExpiringSoon = 1,

    /// <summary>The session ended (clock or broker): reconnect.</summary>
    SessionExpired = 2,

    /// <summary>A schedule runs soon and one of its accounts has no session that will be live then.</summary>
    ScheduleNeedsLogin = 3,

    /// <summary>The morning reminder: accounts that need a login before the market opens (one per user and trading day).</summary>
    MorningLoginReminder = 4,

    /// <summary>The broker refused an order or registered it as rejected (with its reason).</summary>
    OrderRejected = 5,

    /// <summary>An order was filled (a postback or the order book said COMPLETE).</summary>
    OrderFilled = 6,

    /// <summary>A schedule's run finished; amber when anything was rejected, failed, skipped or unknown.</summary>
    ScheduleRunFinished = 7,

    /// <summary>A basket's run finished; amber when anything was rejected, failed, skipped or unknown.</summary>
    BasketRunFinished = 8,
}

/// <summary>Which kinds are about trading (as opposed to sessions); a fresh login does not answer these.</summary>
public static class NotificationKinds
{
    public static IReadOnlyList<NotificationKind> Trading { get; } =
        [NotificationKind.OrderRejected, NotificationKind.OrderFilled, NotificationKind.ScheduleRunFinished, NotificationKind.BasketRunFinished];

    public static bool IsTrading(NotificationKind kind) => kind is NotificationKind.OrderRejected or NotificationKind.OrderFilled
        or NotificationKind.ScheduleRunFinished or NotificationKind.BasketRunFinished;

    /// <summary>The words the Settings page and Telegram use for a kind.</summary>
    public static string Label(NotificationKind kind) => kind switch
    {
        NotificationKind.OrderRejected => "Order rejected",
        NotificationKind.OrderFilled => "Order filled",
        NotificationKind.ScheduleRunFinished => "Schedule run finished",
        NotificationKind.BasketRunFinished => "Basket run finished",
        NotificationKind.SessionExpiringSoon => "Session ends soon",
        NotificationKind.SessionExpired => "Session expired",
        NotificationKind.ScheduleNeedsLogin => "A schedule needs a login",
        NotificationKind.MorningLoginReminder => "Morning login reminder",
        _ => kind.ToString(),
    };
}

/// <summary>What the Notifications page shows for one notification.</summary>
public sealed record NotificationView(
    Guid Id,
    Guid AccountId,
    string AccountName,
    BrokerKind Broker,
    NotificationKind Kind,
    string Message,
    DateTimeOffset CreatedAt,
    bool IsRead,
    string? Link = null,
    NotificationTone Tone = NotificationTone.Default)
{
    /// <summary>
    /// Whether a one-click reconnect fits: the notification is about one account's session, whatever the broker. How the
    /// click logs in (the broker's popup, or the server with stored credentials) is the account's business, not the inbox's.
    /// </summary>
    public bool OffersReconnect => Kind is NotificationKind.SessionExpired or NotificationKind.SessionExpiringSoon or NotificationKind.ScheduleNeedsLogin;
}

/// <summary>The notification does not exist or belongs to someone else (deliberately the same).</summary>
public sealed class NotificationNotFoundException(Guid notificationId)
    : NotFoundException("That notification does not exist, or it is not yours.")
{
    public Guid NotificationId { get; } = notificationId;
}
