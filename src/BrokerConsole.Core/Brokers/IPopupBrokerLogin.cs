using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Brokers;

/// <summary>
/// A broker whose login happens on its own page in a popup and comes back to the app's callback with a one-time
/// code (Fyers: <c>auth_code</c>), which the server exchanges with the app secret. The session service wraps it
/// with the single-use CSRF state.
/// </summary>
public interface IPopupBrokerLogin
{
    /// <summary>The broker this login is for.</summary>
    BrokerKind Broker { get; }

    /// <summary>The broker's login page carrying <paramref name="state"/>.</summary>
    /// <exception cref="ArgumentException">The API key or redirect URL is missing.</exception>
    /// <exception cref="InvalidOperationException">The environment has no configured login URL.</exception>
    Uri BuildLoginUri(AccountEnvironment environment, string apiKey, string redirectUrl, string state);

    /// <summary>Exchanges the one-time code for a session and reads who it belongs to. Never retried.</summary>
    /// <exception cref="BrokerRejectedException">The broker refused the code or the app secret.</exception>
    /// <exception cref="BrokerApiException">Any other broker failure.</exception>
    Task<SessionGrant> ExchangeAsync(AccountEnvironment environment, string apiKey, string apiSecret, string code, CancellationToken cancellationToken);
}
