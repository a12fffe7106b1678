namespace BrokerConsole.Core.Auditing;

/// <summary>
/// Where the current request came from, as the web layer resolved it (the client's address behind a trusted proxy,
/// not the proxy's). Scoped; empty in background work, which has no client.
/// </summary>
public sealed class RequestOrigin
{
    /// <summary>Longest textual IPv6 address with an IPv4 tail (45 characters): the audit column's length.</summary>
    public const int MaxLength = 45;

    public string? ClientIp { get; private set; }

    public void Set(string? clientIp) => ClientIp = clientIp is { Length: > 0 and <= MaxLength } ? clientIp : null;
}
