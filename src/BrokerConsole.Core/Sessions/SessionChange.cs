namespace BrokerConsole.Core.Sessions;

/// <summary>What changed about one account's session, for the tabs of its owner to show at once.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Message">A sentence for the user: what happened and what to do; never a token.</param>
public sealed record SessionChange(Guid AccountId, SessionChangeKind Kind, string Message);

public enum SessionChangeKind
{
    Connected,
    LoginCancelled,
    LoginFailed,
    Expired,
    Disconnected,
    HealthChanged,

    /// <summary>Less than the warning threshold left; a notification was stored.</summary>
    ExpiringSoon,

    /// <summary>Notifications were read or dismissed (in another tab): recount the badge, nothing to announce.</summary>
    NotificationsChanged,
}
