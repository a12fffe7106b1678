using System.Globalization;
using System.Text.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.Http;
using BrokerConsole.Core.Time;

namespace BrokerConsole.Core.Brokers.Dhan;

/// <summary>
/// Dhan's auth host (reference §1.2): the PIN + TOTP login (B) and the three consent calls (C). Flow B and step 3 of C
/// answer the same shape (<c>accessToken</c>, <c>expiryTime</c> in IST, <c>dhanClientId</c>, <c>dhanClientName</c>), read here
/// into a <see cref="SessionGrant"/>.
/// </summary>
internal sealed class DhanAuth(DhanTransport transport, TimeProvider time)
{
    /// <summary>Flow B: <c>POST app/generateAccessToken</c> with everything in the query string and no body.</summary>
    public async Task<SessionGrant> GenerateAccessTokenAsync(AccountEnvironment environment, string clientId, string pin, string totp, CancellationToken cancellationToken)
    {
        var query = $"/app/generateAccessToken?dhanClientId={Uri.EscapeDataString(clientId)}&pin={Uri.EscapeDataString(pin)}&totp={Uri.EscapeDataString(totp)}";
        var answer = await transport.SendAuthAsync(HttpMethod.Post, transport.Options.AuthRootFor(environment), query, new Dictionary<string, string>(), [pin, totp], cancellationToken);
        return Grant(answer);
    }

    /// <summary>Flow C step 1: a consent for this client under the API key; at most 25 a day.</summary>
    public async Task<string> GenerateConsentAsync(AccountEnvironment environment, string clientId, string apiKey, string apiSecret, CancellationToken cancellationToken)
    {
        var answer = await transport.SendAuthAsync(HttpMethod.Post, transport.Options.AuthRootFor(environment),
            "/app/generate-consent?client_id=" + Uri.EscapeDataString(clientId), AppHeaders(apiKey, apiSecret), [apiSecret], cancellationToken);
        return WireText.Read<DhanAuthAnswer>(answer)?.ConsentAppId is { Length: > 0 } id
            ? id
            : throw new BrokerUnavailableException(BrokerKind.Dhan, UnavailableCause.MalformedResponse, 200, null, "The generate-consent answer had no consentAppId.");
    }

    /// <summary>Flow C step 2: the page the user logs in on; Dhan then redirects to the key's registered URL with <c>tokenId</c>.</summary>
    public Uri ConsentLoginUri(AccountEnvironment environment, string consentAppId) =>
        new(transport.Options.AuthRootFor(environment).AbsoluteUri.TrimEnd('/') + "/login/consentApp-login?consentAppId=" + Uri.EscapeDataString(consentAppId));

    /// <summary>Flow C step 3, by GET as the official SDK does.</summary>
    public async Task<SessionGrant> ConsumeConsentAsync(AccountEnvironment environment, string apiKey, string apiSecret, string tokenId, CancellationToken cancellationToken)
    {
        var answer = await transport.SendAuthAsync(HttpMethod.Get, transport.Options.AuthRootFor(environment),
            "/app/consumeApp-consent?tokenId=" + Uri.EscapeDataString(tokenId), AppHeaders(apiKey, apiSecret), [apiSecret, tokenId], cancellationToken);
        return Grant(answer);
    }

    private static Dictionary<string, string> AppHeaders(string apiKey, string apiSecret) => new() { ["app_id"] = apiKey, ["app_secret"] = apiSecret };

    private SessionGrant Grant(JsonElement answer)
    {
        var wire = WireText.Read<DhanAuthAnswer>(answer);
        var token = wire?.AccessToken;
        var clientId = wire?.DhanClientId;
        if (string.IsNullOrEmpty(token) || string.IsNullOrEmpty(clientId))
        {
            throw new BrokerUnavailableException(BrokerKind.Dhan, UnavailableCause.MalformedResponse, 200, null, "The token answer had no accessToken or dhanClientId.");
        }

        var name = wire?.DhanClientName ?? clientId;
        return new SessionGrant
        {
            BrokerKind = BrokerKind.Dhan,
            AccessToken = token,
            UserId = clientId,
            UserName = name,
            ShortName = name,
            Broker = "DHAN",
            LoginTime = time.GetUtcNow(),
            ExpiresAt = ExpiryTime(wire?.ExpiryTime) ?? JwtClaims.Expiry(token),
        };
    }

    /// <summary><c>expiryTime</c> is ISO-like in IST, with or without an offset or fraction.</summary>
    internal static DateTimeOffset? ExpiryTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (text.Length > 19 && (text.Contains('+', StringComparison.Ordinal) || text.EndsWith('Z') || text.LastIndexOf('-') > 10)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
        {
            return withOffset;
        }

        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), IndianTime.Offset)
            : null;
    }
}
