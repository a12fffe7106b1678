using BrokerConsole.Core.Errors;

namespace BrokerConsole.Core.Sessions;

/// <summary>The colour of an account card's badge.</summary>
public enum SessionState
{
    /// <summary>Gray: never connected, or disconnected by the user.</summary>
    None,

    /// <summary>Green: a live session.</summary>
    Active,

    /// <summary>Yellow: the session ended by the broker's clock or the broker rejected the token.</summary>
    Expired,

    /// <summary>Red: the last check failed with an error that is not expiry.</summary>
    Error,
}

/// <summary>What a card and the Manage Account view show about an account's session.</summary>
public sealed record AccountSessionView(
    Guid AccountId,
    SessionState State,
    SessionHealth Health,
    DateTimeOffset? LoginTime,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastCheckedAt,
    string? BrokerUserId,
    string? UserName,
    string? Email,
    string? UserType,
    string? Message)
{
    public static AccountSessionView None(Guid accountId, DateTimeOffset? lastLogin = null, string? message = null) =>
        new(accountId, SessionState.None, SessionHealth.Unknown, lastLogin, null, null, null, null, null, null, message);

    /// <summary>Time left until the broker's clock ends the session, never negative.</summary>
    public TimeSpan? Remaining(DateTimeOffset now) =>
        State == SessionState.Active && ExpiresAt is { } expires ? (expires > now ? expires - now : TimeSpan.Zero) : null;

    internal static AccountSessionView From(BrokerSession? latest, Guid accountId, DateTimeOffset now)
    {
        if (latest is null)
        {
            return None(accountId);
        }

        var state = latest.Status switch
        {
            SessionStatus.Active when latest.ExpiresAt <= now => SessionState.Expired,
            SessionStatus.Active when latest.Health == SessionHealth.Error => SessionState.Error,
            SessionStatus.Active => SessionState.Active,
            SessionStatus.Expired => SessionState.Expired,
            _ => SessionState.None,
        };
        var message = state switch
        {
            SessionState.Expired when latest.Status == SessionStatus.Active => SessionEndReasons.ClockExpired(latest.ExpiresAt),
            SessionState.Expired => latest.EndReason ?? "The session expired. Log in again.",
            SessionState.None => latest.EndReason,
            _ => latest.LastError,
        };
        return new AccountSessionView(accountId, state, latest.Health, latest.LoginTime, latest.ExpiresAt, latest.LastCheckedAt,
            latest.BrokerUserId, latest.UserName, latest.Email, latest.UserType, message);
    }
}

/// <summary>The result of a Test Connection: the broker's profile, or what went wrong and what to do.</summary>
public sealed record ConnectionTestResult(bool Succeeded, string Message, Brokers.BrokerProfile? Profile, TimeSpan Elapsed, SessionState StateAfter);

/// <summary>How a popup login ended, in words for the user.</summary>
public sealed record LoginResult(LoginOutcomeKind Outcome, Guid? AccountId, string Message)
{
    public bool Succeeded => Outcome == LoginOutcomeKind.Connected;
}

/// <summary>One past or present session of an account, for the history list.</summary>
public sealed record SessionHistoryEntry(Guid SessionId, SessionStatus Status, DateTimeOffset LoginTime, DateTimeOffset ExpiresAt, DateTimeOffset? EndedAt, string? EndReason, string? BrokerUserId);

/// <summary>Raised when an account cannot start a login (wrong broker, missing credentials).</summary>
public sealed class LoginNotPossibleException(string message) : BrokerConsoleException(message);

/// <summary>The account has no live session for the operation.</summary>
public class NoActiveSessionException : BrokerConsoleException
{
    public NoActiveSessionException(Guid accountId)
        : this(accountId, "This account has no live session. Use 'Log in' on the Accounts page first.", null)
    {
    }

    protected NoActiveSessionException(Guid accountId, string message, Exception? inner)
        : base(message, inner) => AccountId = accountId;

    public Guid AccountId { get; }
}

/// <summary>
/// The account has a session, but its stored token no key in the ring can decrypt (the keys folder was deleted
/// or replaced): as unusable as no session, so every caller that handles "no session" handles this too, with a
/// message that says why instead of Data Protection's "key … not found in the key ring".
/// </summary>
public sealed class SessionUnreadableException(Guid accountId, Exception inner)
    : NoActiveSessionException(accountId, Explanation, inner)
{
    public const string Explanation = "The stored session cannot be decrypted: the key ring changed; log in again.";
}
