using BrokerConsole.Core.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Core.Brokers.AngelOne;

/// <summary>
/// SmartAPI's <c>POST /rest/auth/angelbroking/jwt/v1/generateTokens</c> with <c>{"refreshToken"}</c> and the current JWT as
/// <c>Authorization: Bearer</c> (reference §3.2): a new JWT and refresh token without MPIN and TOTP.
/// </summary>
/// <remarks>
/// The transport is resolved per renewal, not injected: the monitor builds this renewer in its first sweep at start-up,
/// and resolving the transport then would freeze <see cref="AngelOneOptions"/> before the Web host has filled in the
/// sandbox root from its own address.
/// </remarks>
internal sealed class AngelSessionRenewer(IServiceProvider services, TimeProvider time) : IBrokerSessionRenewer
{
    public BrokerKind Broker => BrokerKind.AngelOne;

    public async Task<SessionGrant> RenewAsync(BrokerConnection connection, string refreshToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(refreshToken);
        var transport = services.GetRequiredService<AngelTransport>();
        var data = await transport.SendAsync<AngelLoginData>(new AngelCall
        {
            Method = HttpMethod.Post,
            Path = "/rest/auth/angelbroking/jwt/v1/generateTokens",
            EndpointClass = AngelEndpointClass.Login,
            ApiRoot = connection.ApiRoot ?? transport.Options.ApiRootFor(connection.Environment),
            ApiKey = connection.ApiKey,
            AccessToken = connection.AccessToken,
            Body = new Dictionary<string, string> { ["refreshToken"] = refreshToken },
            ExtraSecrets = [refreshToken],
        }, cancellationToken);
        var jwt = AngelOneLogin.StripBearer(data?.JwtToken);
        if (string.IsNullOrEmpty(jwt))
        {
            throw new BrokerUnavailableException(BrokerKind.AngelOne, UnavailableCause.MalformedResponse, 200, null, "The renewal answer had no token.");
        }

        return new SessionGrant
        {
            BrokerKind = BrokerKind.AngelOne,
            AccessToken = jwt,
            UserId = connection.ClientId ?? "",
            LoginTime = time.GetUtcNow(),
            ExpiresAt = JwtClaims.Expiry(jwt),
            // Without a new refresh token the old one is kept: it may still renew the new JWT.
            RefreshToken = string.IsNullOrWhiteSpace(data?.RefreshToken) ? refreshToken : data.RefreshToken,
        };
    }
}
