using System.Security.Cryptography;
using System.Text;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.Http;

namespace BrokerConsole.Core.Brokers.Fyers;

/// <summary>
/// Fyers' auth-code flow (reference §2.2): the popup opens <c>generate-authcode</c> with the app id, redirect URI
/// and state; the callback's <c>auth_code</c> is validated with <c>appIdHash = sha256(app_id + ":" + app_secret)</c>.
/// </summary>
internal sealed class FyersLogin(FyersTransport transport, TimeProvider time) : IPopupBrokerLogin
{
    public BrokerKind Broker => BrokerKind.Fyers;

    public Uri BuildLoginUri(AccountEnvironment environment, string apiKey, string redirectUrl, string state)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(redirectUrl);
        var root = transport.Options.ApiRootFor(environment).AbsoluteUri.TrimEnd('/');
        return new Uri($"{root}/api/v3/generate-authcode?client_id={Uri.EscapeDataString(apiKey)}&redirect_uri={Uri.EscapeDataString(redirectUrl)}&response_type=code&state={Uri.EscapeDataString(state)}");
    }

    public async Task<SessionGrant> ExchangeAsync(AccountEnvironment environment, string apiKey, string apiSecret, string code, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiSecret);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var hash = AppIdHash(apiKey, apiSecret);
        var root = transport.Options.ApiRootFor(environment);
        var answer = await transport.SendAsync(new FyersCall
        {
            Method = HttpMethod.Post,
            Path = "/api/v3/validate-authcode",
            ApiRoot = root,
            AppId = apiKey,
            Body = new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["appIdHash"] = hash, ["code"] = code },
            ExtraSecrets = [hash, code, apiSecret],
        }, cancellationToken);
        var token = WireText.Read<FyersTokenAnswer>(answer)?.AccessToken;
        if (string.IsNullOrEmpty(token))
        {
            throw new BrokerUnavailableException(BrokerKind.Fyers, UnavailableCause.MalformedResponse, 200, null, "The validate-authcode answer had no access token.");
        }

        var profile = await new FyersClient(transport, new BrokerConnection(BrokerKind.Fyers, environment, apiKey, token)).GetProfileAsync(cancellationToken);
        return new SessionGrant
        {
            BrokerKind = BrokerKind.Fyers,
            AccessToken = token,
            UserId = profile.UserId,
            UserName = profile.UserName,
            ShortName = profile.ShortName,
            Email = profile.Email,
            Broker = profile.Broker,
            LoginTime = time.GetUtcNow(),
            ExpiresAt = JwtClaims.Expiry(token),
        };
    }

    /// <summary>Lowercase hex SHA-256 of <c>app_id:app_secret</c>.</summary>
    internal static string AppIdHash(string appId, string appSecret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(appId + ":" + appSecret)));
}
