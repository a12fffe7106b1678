using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;

namespace BrokerConsole.Core.Sessions;

/// <summary>
/// Calls a broker through an account's live session: finds it, renews it near its end, ends it when the broker's clock
/// or the broker itself says it is over, and only then calls.
/// </summary>
public interface IBrokerGateway
{
    /// <summary>
    /// Runs <paramref name="call"/> with a client bound to the account's live session. A broker answer that
    /// the session is expired marks it expired (and tells the user's tabs) before the exception propagates,
    /// so every feature that talks to a broker handles expiry the same way.
    /// </summary>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    /// <exception cref="NoActiveSessionException">No live session.</exception>
    /// <exception cref="BrokerApiException">The broker call failed.</exception>
    Task<T> CallBrokerAsync<T>(Guid accountId, Func<IBrokerClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken = default);

    /// <summary>Calls the broker's profile endpoint with the live session now.</summary>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    Task<ConnectionTestResult> TestConnectionAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <summary>Decrypts the live access token for display. Audited.</summary>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    /// <exception cref="NoActiveSessionException">No live session.</exception>
    Task<string> RevealAccessTokenAsync(Guid accountId, CancellationToken cancellationToken = default);
}
