using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Brokers;

/// <summary>
/// A broker that can extend a live session with a refresh token instead of a new login (Angel One's generateTokens).
/// One implementation per broker, found by <see cref="Broker"/>; the session lifecycle decides when to call it.
/// </summary>
public interface IBrokerSessionRenewer
{
    BrokerKind Broker { get; }

    /// <summary>Exchanges the refresh token for a new access token (and usually a new refresh token).</summary>
    /// <param name="connection">The live session's connection; its access token authorises the renewal.</param>
    /// <param name="refreshToken">The refresh token stored with the session.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="SessionExpiredException">The refresh token is invalid or expired: only a new login helps.</exception>
    /// <exception cref="BrokerApiException">Any other broker failure; the session keeps its current token.</exception>
    Task<SessionGrant> RenewAsync(BrokerConnection connection, string refreshToken, CancellationToken cancellationToken);
}
