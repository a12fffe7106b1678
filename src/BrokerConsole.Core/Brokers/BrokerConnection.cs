using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Brokers;

/// <summary>
/// One account's live session: everything a client needs to make calls on its behalf.
/// <see cref="ToString"/> never prints the access token.
/// </summary>
/// <param name="Broker">Which broker.</param>
/// <param name="Environment">Live broker or the built-in sandbox; selects the base URL from options.</param>
/// <param name="ApiKey">The app's public key (Kite <c>api_key</c>).</param>
/// <param name="AccessToken">The session's access token.</param>
public sealed record BrokerConnection(BrokerKind Broker, AccountEnvironment Environment, string ApiKey, string AccessToken)
{
    /// <summary>Overrides the API root from options for this connection only (e.g. a test server).</summary>
    public Uri? ApiRoot { get; init; }

    /// <summary>The broker's id of the account holder; needed by brokers whose calls name the client (Angel One logout).</summary>
    public string? ClientId { get; init; }

    /// <summary>
    /// The one way to bind an account's stored identity to a session token: calls, sweeps, renewals and logouts all build
    /// their connection here, so no path can leave out a field some broker needs (Dhan's <c>client-id</c>).
    /// </summary>
    public static BrokerConnection ForAccount(BrokerKind broker, AccountEnvironment environment, string? apiKey, string clientId, string accessToken) =>
        new(broker, environment, apiKey ?? "", accessToken) { ClientId = clientId };

    /// <inheritdoc cref="ForAccount(BrokerKind, AccountEnvironment, string?, string, string)"/>
    public static BrokerConnection ForAccount(BrokerAccount account, string accessToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return ForAccount(account.Broker, account.Environment, account.ApiKey, account.ClientId, accessToken);
    }

    public override string ToString() =>
        $"BrokerConnection {{ Broker = {Broker}, Environment = {Environment}, ApiKey = {ApiKey}, AccessToken = [redacted] }}";
}
