using System.Net;

namespace BrokerConsole.Sandbox.Shared;

/// <summary>
/// The static-IP rule every sandbox broker applies to order writes only (SEBI's retail-algo rules, April 2026): a
/// request from an IP not registered for the app or client is refused; an empty list allows any IP. Each broker
/// answers the refusal in its own dialect.
/// </summary>
internal static class StaticIpRule
{
    /// <summary>Whether <paramref name="allowedIps"/> refuses a request from <paramref name="remote"/>; <paramref name="caller"/> is the IP to name.</summary>
    public static bool Refuses(IEnumerable<string> allowedIps, IPAddress? remote, out IPAddress? caller)
    {
        caller = Normalize(remote);
        var allowed = allowedIps.Select(IPAddress.Parse).Select(Normalize).ToList();
        return allowed.Count > 0 && (caller is null || !allowed.Contains(caller));
    }

    // Kestrel reports an IPv4 client on a dual-stack socket as ::ffff:a.b.c.d.
    private static IPAddress? Normalize(IPAddress? ip) => ip is { IsIPv4MappedToIPv6: true } ? ip.MapToIPv4() : ip;
}
