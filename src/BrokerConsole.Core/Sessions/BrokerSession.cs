using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Sessions;

/// <summary>
/// One broker login of one account. Rows are never deleted when a session ends: they are the
/// account's session history. At most one row per account is <see cref="SessionStatus.Active"/>.
/// </summary>
public sealed class BrokerSession
{
    public Guid Id { get; set; }

    public Guid AccountId { get; set; }

    public required string OwnerId { get; set; }

    public BrokerKind Broker { get; set; }

    public SessionStatus Status { get; set; }

    /// <summary>Data Protection ciphertext of the access token; emptied when the session ends.</summary>
    public string? AccessTokenCiphertext { get; set; }

    /// <summary>Data Protection ciphertext of the broker's refresh token (Angel One); emptied when the session ends.</summary>
    public string? RefreshTokenCiphertext { get; set; }

    /// <summary>How many times the session was renewed with its refresh token instead of a new login.</summary>
    public int Renewals { get; set; }

    /// <summary>The broker's user id as returned at login (e.g. Zerodha "AB1234").</summary>
    public string? BrokerUserId { get; set; }

    public string? UserName { get; set; }

    public string? UserShortName { get; set; }

    public string? Email { get; set; }

    public string? UserType { get; set; }

    public string? BrokerName { get; set; }

    public DateTimeOffset LoginTime { get; set; }

    /// <summary>When the broker's own rule ends the session (Kite: the next 06:00 IST).</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public string? EndReason { get; set; }

    public DateTimeOffset? LastCheckedAt { get; set; }

    public SessionHealth Health { get; set; }

    /// <summary>The last check's problem in words a trader can act on; never a token.</summary>
    public string? LastError { get; set; }
}

public enum SessionStatus
{
    Active = 1,

    /// <summary>The broker's clock rule passed, or the broker rejected the token.</summary>
    Expired = 2,

    /// <summary>The user disconnected; the token was invalidated at the broker.</summary>
    LoggedOut = 3,

    /// <summary>A newer login of the same account took over.</summary>
    Replaced = 4,
}

public enum SessionHealth
{
    Unknown = 0,
    Healthy = 1,

    /// <summary>The broker could not be reached or answered 5xx; the session may well be fine.</summary>
    ConnectionIssue = 2,

    /// <summary>The broker answered with an error that is not expiry (e.g. permission).</summary>
    Error = 3,
}
