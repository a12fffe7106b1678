using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Brokers;

/// <summary>
/// A popup login whose page exists only after a server-side call (Dhan: generate-consent) and whose redirect cannot
/// carry the app's <c>state</c> (Dhan appends only <c>tokenId</c> to the URL registered for the key). The session
/// service keeps the state in a cookie of the popup's browser instead.
/// </summary>
public interface IConsentPopupLogin : IPopupBrokerLogin
{
    /// <summary>Creates the consent and returns the broker's login page for it.</summary>
    /// <exception cref="BrokerRejectedException">The broker refused the key or secret.</exception>
    /// <exception cref="RateLimitedException">The daily consent cap is used up.</exception>
    /// <exception cref="BrokerApiException">Any other broker failure.</exception>
    Task<Uri> CreateLoginUriAsync(AccountEnvironment environment, string clientId, string apiKey, string apiSecret, CancellationToken cancellationToken);
}
