using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Brokers.Zerodha;

/// <summary>
/// Kite's login as a popup login: the state rides in <c>redirect_params</c> (Kite sends the user back to the redirect URL
/// registered on the Kite app, so the account's own URL is not part of the login page), and the request token is exchanged
/// with <c>checksum = sha256(api_key + request_token + api_secret)</c>.
/// </summary>
internal sealed class ZerodhaPopupLogin(IKiteSessionExchanger exchanger) : IPopupBrokerLogin
{
    public BrokerKind Broker => BrokerKind.Zerodha;

    public Uri BuildLoginUri(AccountEnvironment environment, string apiKey, string redirectUrl, string state) =>
        exchanger.BuildLoginUri(environment, apiKey, new Dictionary<string, string> { [PopupCallbackShape.StateParameter] = state });

    public Task<SessionGrant> ExchangeAsync(AccountEnvironment environment, string apiKey, string apiSecret, string code, CancellationToken cancellationToken) =>
        exchanger.ExchangeRequestTokenAsync(environment, apiKey, apiSecret, code, cancellationToken);
}
