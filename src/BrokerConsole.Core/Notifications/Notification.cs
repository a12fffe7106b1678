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
    bool IsRead)
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
