using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Sessions;

namespace BrokerConsole.Core.Portfolio;

/// <summary>Why an account's data is missing from a view.</summary>
public enum AccountIssueKind
{
    /// <summary>Never logged in, or disconnected.</summary>
    NoSession,

    /// <summary>The session expired (daily flush or ended by the broker).</summary>
    Expired,

    /// <summary>The broker or the local limiter refused for now.</summary>
    RateLimited,

    /// <summary>Unreachable, timed out or a server error at the broker.</summary>
    Unreachable,

    /// <summary>Any other broker error (permissions, unexpected answer).</summary>
    Error,
}

/// <summary>An account that is listed without data, and why. The message is safe to show.</summary>
public sealed record AccountIssue(Guid AccountId, string DisplayName, AccountIssueKind Kind, string Message)
{
    /// <summary>Classifies a failure of a broker call made through <see cref="IBrokerGateway.CallBrokerAsync{T}"/>.</summary>
    public static AccountIssue From(Guid accountId, string displayName, Exception exception) => exception switch
    {
        NoActiveSessionException e => new(accountId, displayName, AccountIssueKind.NoSession, e.Message),
        SessionExpiredException e => new(accountId, displayName, AccountIssueKind.Expired, e.Message),
        RateLimitedException e => new(accountId, displayName, AccountIssueKind.RateLimited, e.Message),
        BrokerUnavailableException e => new(accountId, displayName, AccountIssueKind.Unreachable, e.Message),
        _ => new(accountId, displayName, AccountIssueKind.Error, exception.Message),
    };

    /// <summary>An account that was not called at all because its session is not live.</summary>
    public static AccountIssue FromView(Guid accountId, string displayName, AccountSessionView view) =>
        view.State == SessionState.Expired
            ? new(accountId, displayName, AccountIssueKind.Expired, view.Message ?? "The session expired. Log in again.")
            : new(accountId, displayName, AccountIssueKind.NoSession, "No live session. Use 'Log in' on the Accounts page.");
}
