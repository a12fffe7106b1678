using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Credentials;

namespace BrokerConsole.Core.Brokers.Dhan;

/// <summary>
/// Dhan's server-side logins. With a stored PIN and TOTP secret: the headless flow B, a TOTP computed here from the
/// Base32 secret (RFC 6238). Otherwise the web-generated token (flow A), validated with a profile call whose
/// <c>tokenValidity</c> is the session's end.
/// </summary>
internal sealed class DhanDirectLogin(DhanTransport transport, DhanAuth auth, TimeProvider time) : IDirectBrokerLogin
{
    public BrokerKind Broker => BrokerKind.Dhan;

    public async Task<SessionGrant> LogInAsync(DirectLoginCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (!string.IsNullOrEmpty(credentials.Mpin) || !string.IsNullOrEmpty(credentials.TotpSecret))
        {
            return await PinTotpAsync(credentials, cancellationToken);
        }

        if (string.IsNullOrWhiteSpace(credentials.AccessToken))
        {
            throw new ArgumentException("Dhan needs an access token generated on web.dhan.co, or a PIN with a TOTP secret, or an API key and secret.", nameof(credentials));
        }

        var client = new DhanClient(transport, new BrokerConnection(BrokerKind.Dhan, credentials.Environment, credentials.ClientId, credentials.AccessToken) { ClientId = credentials.ClientId });
        var (profile, validUntil) = await client.GetProfileWithValidityAsync(cancellationToken);
        return new SessionGrant
        {
            BrokerKind = BrokerKind.Dhan,
            AccessToken = credentials.AccessToken,
            UserId = profile.UserId,
            UserName = profile.UserName,
            ShortName = profile.ShortName,
            Broker = profile.Broker,
            LoginTime = time.GetUtcNow(),
            ExpiresAt = validUntil ?? JwtClaims.Expiry(credentials.AccessToken),
        };
    }

    private async Task<SessionGrant> PinTotpAsync(DirectLoginCredentials credentials, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(credentials.Mpin) || string.IsNullOrWhiteSpace(credentials.TotpSecret))
        {
            throw new ArgumentException("Dhan's PIN login needs both the 6-digit PIN and the TOTP secret.", nameof(credentials));
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

        var totp = seed.CodeAt(time.GetUtcNow()).Value;
        return await auth.GenerateAccessTokenAsync(credentials.Environment, credentials.ClientId, credentials.Mpin, totp, cancellationToken);
    }
}
