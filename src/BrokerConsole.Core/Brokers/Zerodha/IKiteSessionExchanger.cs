using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Brokers.Zerodha;

/// <summary>
/// Kite's login step: the user logs in on Kite's page, Kite redirects back with a one-time
/// <c>request_token</c>, and the server exchanges it (signed with the API secret) for an access token.
/// </summary>
public interface IKiteSessionExchanger
{
    /// <summary>The Kite login page for <paramref name="apiKey"/>, in the given environment.</summary>
    /// <param name="environment">Live Kite or the sandbox.</param>
    /// <param name="apiKey">The app's public key.</param>
    /// <param name="redirectParams">Optional values Kite passes back to the redirect URL (e.g. a state value).</param>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">The environment has no configured login URL.</exception>
    Uri BuildLoginUri(AccountEnvironment environment, string apiKey, IReadOnlyDictionary<string, string>? redirectParams = null);

    /// <summary>
    /// Exchanges a request token for a session (<c>POST /session/token</c>). Never retried: a request
    /// token is single use.
    /// </summary>
    /// <exception cref="ArgumentException">An argument is empty.</exception>
    /// <exception cref="SessionExpiredException">Kite refused the exchange: bad checksum (wrong API secret) or an expired/reused request token.</exception>
    /// <exception cref="RateLimitedException">Too many requests (locally or at Kite).</exception>
    /// <exception cref="BrokerUnavailableException">Unreachable, timed out, or a server-side error.</exception>
    /// <exception cref="BrokerApiException">Any other Kite error.</exception>
    Task<SessionGrant> ExchangeRequestTokenAsync(AccountEnvironment environment, string apiKey, string apiSecret, string requestToken, CancellationToken cancellationToken);

    /// <summary>Invalidates an access token (<c>DELETE /session/token</c>). Never retried.</summary>
    /// <exception cref="ArgumentException">An argument is empty.</exception>
    /// <exception cref="SessionExpiredException">The token was already invalid.</exception>
    /// <exception cref="RateLimitedException">Too many requests (locally or at Kite).</exception>
    /// <exception cref="BrokerUnavailableException">Unreachable, timed out, or a server-side error.</exception>
    /// <exception cref="BrokerApiException">Any other Kite error.</exception>
    Task InvalidateAsync(AccountEnvironment environment, string apiKey, string accessToken, CancellationToken cancellationToken);
}
