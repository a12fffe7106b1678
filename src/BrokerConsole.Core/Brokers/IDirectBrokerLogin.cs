using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Brokers;

/// <summary>
/// The stored credentials a server-side login needs, already decrypted. Lives only for the duration of
/// one login; <see cref="ToString"/> never prints a secret.
/// </summary>
/// <param name="Environment">Live broker or sandbox.</param>
/// <param name="ClientId">The broker's id of the account holder (Angel client code, Dhan client id).</param>
/// <param name="ApiKey">The app's key, when the broker has one.</param>
public sealed record DirectLoginCredentials(AccountEnvironment Environment, string ClientId, string? ApiKey)
{
    /// <summary>Angel One MPIN.</summary>
    public string? Mpin { get; init; }

    /// <summary>Base32 TOTP seed.</summary>
    public string? TotpSecret { get; init; }

    /// <summary>A user-generated access token (Dhan).</summary>
    public string? AccessToken { get; init; }

    public override string ToString() =>
        $"DirectLoginCredentials {{ Environment = {Environment}, ClientId = {ClientId}, ApiKey = {ApiKey}, secrets = [redacted] }}";
}

/// <summary>
/// A broker whose session is created on the server without a browser popup (Angel One: client code + MPIN +
/// TOTP; Dhan: a stored access token validated by a profile call). One implementation per broker, found by
/// <see cref="Broker"/>; the session service stores what it returns.
/// </summary>
public interface IDirectBrokerLogin
{
    /// <summary>The broker this login is for.</summary>
    BrokerKind Broker { get; }

    /// <summary>Logs in and returns the new session; the grant's <see cref="SessionGrant.UserId"/> is the broker's answer, not the input.</summary>
    /// <exception cref="ArgumentException">A credential the broker needs is missing.</exception>
    /// <exception cref="BrokerRejectedException">The broker refused the credentials (wrong MPIN, TOTP, client code).</exception>
    /// <exception cref="BrokerApiException">Any other broker failure.</exception>
    Task<SessionGrant> LogInAsync(DirectLoginCredentials credentials, CancellationToken cancellationToken);
}
