using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Credentials;

namespace BrokerConsole.Core.Brokers.AngelOne;

/// <summary>
/// SmartAPI's headless login (reference §3.2): client code + MPIN + a TOTP computed here from the stored Base32
/// seed, then a profile call so the session is stored under the broker's own client code and name.
/// </summary>
internal sealed class AngelOneLogin(AngelTransport transport, AngelSymbolCache symbols, TimeProvider time) : IDirectBrokerLogin
{
    public BrokerKind Broker => BrokerKind.AngelOne;

    public async Task<SessionGrant> LogInAsync(DirectLoginCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (string.IsNullOrWhiteSpace(credentials.ApiKey) || string.IsNullOrEmpty(credentials.Mpin) || string.IsNullOrWhiteSpace(credentials.TotpSecret))
        {
            throw new ArgumentException("Angel One needs the API key, MPIN and TOTP secret to log in.", nameof(credentials));
        }

        TotpSeed seed;
        try
        {
            seed = TotpSeed.Parse(credentials.TotpSecret);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException("The stored TOTP secret is not valid Base32.", nameof(credentials), ex);
        }

        var now = time.GetUtcNow();
        var totp = seed.CodeAt(now).Value;
        var apiRoot = transport.Options.ApiRootFor(credentials.Environment);
        var data = await transport.SendAsync<AngelLoginData>(new AngelCall
        {
            Method = HttpMethod.Post,
            Path = "/rest/auth/angelbroking/user/v1/loginByPassword",
            EndpointClass = AngelEndpointClass.Login,
            ApiRoot = apiRoot,
            ApiKey = credentials.ApiKey,
            Body = new Dictionary<string, string> { ["clientcode"] = credentials.ClientId, ["password"] = credentials.Mpin, ["totp"] = totp },
            ExtraSecrets = [credentials.Mpin, totp, credentials.TotpSecret],
        }, cancellationToken);
        var jwt = StripBearer(data?.JwtToken);
        if (string.IsNullOrEmpty(jwt))
        {
            throw new BrokerUnavailableException(BrokerKind.AngelOne, UnavailableCause.MalformedResponse, 200, null, "The login answer had no token.");
        }

        var client = new AngelClient(transport, symbols, new BrokerConnection(BrokerKind.AngelOne, credentials.Environment, credentials.ApiKey, jwt) { ClientId = credentials.ClientId });
        var profile = await client.GetProfileAsync(cancellationToken);
        return new SessionGrant
        {
            BrokerKind = BrokerKind.AngelOne,
            AccessToken = jwt,
            UserId = profile.UserId,
            UserName = profile.UserName,
            ShortName = profile.ShortName,
            Email = profile.Email,
            Broker = profile.Broker,
            LoginTime = now,
            ExpiresAt = JwtClaims.Expiry(jwt),
            RefreshToken = string.IsNullOrWhiteSpace(data?.RefreshToken) ? null : data.RefreshToken,
        };
    }

    /// <summary>Some SmartAPI responses carry the token as <c>Bearer eyJ…</c>; the header adds the scheme itself.</summary>
    internal static string? StripBearer(string? token) =>
        token is not null && token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? token[7..].Trim() : token?.Trim();
}
