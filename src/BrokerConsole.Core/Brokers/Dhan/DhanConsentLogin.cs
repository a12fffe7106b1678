using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Brokers.Dhan;

/// <summary>
/// Dhan's API key + secret consent (reference §1.2 C) as a popup login: the consent is generated on the server, the
/// popup shows Dhan's login page, and the redirect's <c>tokenId</c> is consumed with the same key and secret.
/// </summary>
internal sealed class DhanConsentLogin(DhanAuth auth) : IConsentPopupLogin
{
    public BrokerKind Broker => BrokerKind.Dhan;

    /// <summary>Dhan's login page exists only after generate-consent; see <see cref="CreateLoginUriAsync"/>.</summary>
    public Uri BuildLoginUri(AccountEnvironment environment, string apiKey, string redirectUrl, string state) =>
        throw new NotSupportedException("Dhan's consent login starts with generate-consent on the server.");

    public async Task<Uri> CreateLoginUriAsync(AccountEnvironment environment, string clientId, string apiKey, string apiSecret, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiSecret);
        var consentAppId = await auth.GenerateConsentAsync(environment, clientId, apiKey, apiSecret, cancellationToken);
        return auth.ConsentLoginUri(environment, consentAppId);
    }

    public Task<SessionGrant> ExchangeAsync(AccountEnvironment environment, string apiKey, string apiSecret, string code, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiSecret);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        return auth.ConsumeConsentAsync(environment, apiKey, apiSecret, code, cancellationToken);
    }
}
