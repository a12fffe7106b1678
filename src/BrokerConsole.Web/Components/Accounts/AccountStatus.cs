using BrokerConsole.Core.Sessions;
using MudBlazor;

namespace BrokerConsole.Web.Components.Accounts;

/// <summary>What a trader reads off an account at a glance; finer than <see cref="SessionState"/> because a live session can still need attention.</summary>
public enum AccountStatusKind
{
    NoSession,
    Live,
    ExpiringSoon,
    ConnectionIssue,
    Expired,
    Error,
}

/// <summary>One status with the colour, icon and words it is shown with: never colour alone.</summary>
public sealed record AccountStatus(AccountStatusKind Kind, string Text, Color Color, string Icon, string Title)
{
    /// <summary>
    /// Amber wins over green for a live session that needs attention: a connection issue first (orders may fail now),
    /// then a session inside the warning window (it needs a login before it ends).
    /// </summary>
    public static AccountStatus Of(AccountSessionView view, DateTimeOffset now, TimeSpan expiryWarning)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.State switch
        {
            SessionState.Active when view.Health == SessionHealth.ConnectionIssue => new(AccountStatusKind.ConnectionIssue, "Connection issue",
                Color.Warning, Icons.Material.Filled.WifiOff, "The broker could not be reached at the last check; the session may still be fine"),
            SessionState.Active when view.Remaining(now) is { } left && left < expiryWarning => new(AccountStatusKind.ExpiringSoon, "Expiring soon",
                Color.Warning, Icons.Material.Filled.HourglassBottom, $"The session ends in {Durations.Format(left)}: log in again before it does"),
            SessionState.Active => new(AccountStatusKind.Live, "Live",
                Color.Success, Icons.Material.Filled.CheckCircle, "A live broker session"),
            SessionState.Expired => new(AccountStatusKind.Expired, "Expired",
                Color.Error, Icons.Material.Filled.EventBusy, "The session expired: log in again"),
            SessionState.Error => new(AccountStatusKind.Error, "Error",
                Color.Error, Icons.Material.Filled.ErrorOutline, "The last check failed: open Manage Account"),
            _ => new(AccountStatusKind.NoSession, "No session",
                Color.Default, Icons.Material.Filled.LinkOff, "No broker session: log in to start one"),
        };
    }

    /// <summary>Lower-case name for CSS classes and data attributes.</summary>
    public string Key => Kind switch
    {
        AccountStatusKind.NoSession => "none",
        AccountStatusKind.ExpiringSoon => "expiring",
        AccountStatusKind.ConnectionIssue => "connection",
        _ => Kind.ToString().ToLowerInvariant(),
    };

    /// <summary>A live session that still needs the trader: the card's login action becomes the primary one.</summary>
    public bool NeedsLogin => Kind is not (AccountStatusKind.Live or AccountStatusKind.ConnectionIssue);
}
