using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Sessions;

/// <summary>
/// One "Log in" click: the CSRF state sent through the broker's login and back. Only the
/// SHA-256 of the state is stored, it is bound to one user and one account, expires in minutes and
/// can be consumed once.
/// </summary>
public sealed class LoginAttempt
{
    public Guid Id { get; set; }

    /// <summary>Lowercase hex SHA-256 of the state value.</summary>
    public required string StateHash { get; set; }

    public required string OwnerId { get; set; }

    public Guid AccountId { get; set; }

    public BrokerKind Broker { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? ConsumedAt { get; set; }

    public LoginOutcomeKind? Outcome { get; set; }
}

public enum LoginOutcomeKind
{
    Connected = 1,
    Cancelled = 2,
    InvalidState = 3,
    ExchangeFailed = 4,
}
