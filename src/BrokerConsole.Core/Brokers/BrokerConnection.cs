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

    public override string ToString() =>
        $"BrokerConnection {{ Broker = {Broker}, Environment = {Environment}, ApiKey = {ApiKey}, AccessToken = [redacted] }}";
}
