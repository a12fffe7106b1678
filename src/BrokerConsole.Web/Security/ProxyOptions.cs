namespace BrokerConsole.Web.Security;

/// <summary>
/// Bound from <c>Network</c> (the same section as the public-IP settings): how the console sits behind a TLS reverse
/// proxy. Only the proxies listed here may say, through X-Forwarded-For / X-Forwarded-Proto, who the client is and
/// that the request came in over HTTPS; loopback is trusted by default (a proxy on the same machine).
/// </summary>
public sealed class ProxyOptions
{
    public const string SectionName = "Network";

    /// <summary><c>Network:KnownProxies</c>: addresses of trusted proxies, e.g. <c>["10.0.0.5"]</c>.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary><c>Network:KnownNetworks</c>: trusted proxy networks in CIDR form, e.g. <c>["10.0.0.0/24"]</c>.</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>
    /// <c>Network:AllowHttp</c>: serve plain HTTP in Production instead of redirecting to HTTPS (a console used only on
    /// loopback, or behind a proxy that terminates TLS and does not send X-Forwarded-Proto).
    /// </summary>
    public bool AllowHttp { get; set; }

    /// <summary><c>Network:HttpsPort</c>: the port the HTTPS redirect points at (the proxy's), 443 unless set.</summary>
    public int HttpsPort { get; set; } = 443;
}
