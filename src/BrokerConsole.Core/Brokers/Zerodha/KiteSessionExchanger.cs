using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Brokers.Zerodha;

/// <summary>Kite's request-token exchange and token invalidation. Neither call is ever retried.</summary>
internal sealed class KiteSessionExchanger(KiteTransport transport) : IKiteSessionExchanger
{
    public Uri BuildLoginUri(AccountEnvironment environment, string apiKey, IReadOnlyDictionary<string, string>? redirectParams = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        var login = transport.Options.LoginUrlFor(environment);
        var query = "v=3&api_key=" + Uri.EscapeDataString(apiKey);
        if (redirectParams is { Count: > 0 })
        {
            var inner = string.Join('&', redirectParams.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
            query += "&redirect_params=" + Uri.EscapeDataString(inner);
        }

        var separator = string.IsNullOrEmpty(login.Query) ? "?" : "&";
        return new Uri(login.AbsoluteUri + separator + query, UriKind.Absolute);
    }

    public async Task<SessionGrant> ExchangeRequestTokenAsync(AccountEnvironment environment, string apiKey, string apiSecret, string requestToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiSecret);
        ArgumentException.ThrowIfNullOrWhiteSpace(requestToken);
        var checksum = KiteChecksum.Compute(apiKey, requestToken, apiSecret);
        var call = new KiteCall
        {
            Method = HttpMethod.Post,
            Path = "/session/token",
            ApiRoot = transport.Options.ApiRootFor(environment),
            ApiKey = apiKey,
            AccessToken = null,
            Form = [new("api_key", apiKey), new("request_token", requestToken), new("checksum", checksum)],
            ExtraSecrets = [apiSecret, requestToken, checksum],
        };
        var session = await transport.SendAsync<KiteSession>(call, cancellationToken);
        if (string.IsNullOrEmpty(session.AccessToken) || string.IsNullOrEmpty(session.UserId))
        {
            throw new BrokerUnavailableException(BrokerKind.Zerodha, UnavailableCause.MalformedResponse, 200, null, null);
        }

        return KiteMapping.ToDomain(session);
    }

    public Task InvalidateAsync(AccountEnvironment environment, string apiKey, string accessToken, CancellationToken cancellationToken) =>
        InvalidateAsync(transport, transport.Options.ApiRootFor(environment), apiKey, accessToken, cancellationToken);

    /// <summary>
    /// <c>DELETE /session/token?api_key=…&amp;access_token=…</c>. The token is in the query string as Kite
    /// documents it, which is why the Kite HttpClient has no URI-logging handlers.
    /// </summary>
    internal static async Task InvalidateAsync(KiteTransport transport, Uri apiRoot, string apiKey, string accessToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        var call = new KiteCall
        {
            Method = HttpMethod.Delete,
            Path = "/session/token",
            ApiRoot = apiRoot,
            ApiKey = apiKey,
            AccessToken = accessToken,
            Query = [new("api_key", apiKey), new("access_token", accessToken)],
        };
        await transport.SendAsync<bool>(call, cancellationToken);
    }
}
