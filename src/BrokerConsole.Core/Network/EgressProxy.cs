using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Network;

/// <summary>
/// <c>Network:EgressProxy</c>: every call to a broker (API, logins, instrument masters) and the public-IP lookup leave
/// through one HTTP proxy, so several nodes reach the brokers from the one static IP they whitelist (SEBI's rule of
/// April 2026). Loopback targets (the built-in sandbox) never go through it: the proxy could not reach them.
/// </summary>
public static class EgressProxy
{
    /// <summary>
    /// The primary handler of <paramref name="builder"/>'s client: a plain <see cref="SocketsHttpHandler"/> (from
    /// <paramref name="handler"/> when the client needs more, e.g. decompression), with the proxy when one is set.
    /// </summary>
    public static IHttpClientBuilder UseEgressProxy(this IHttpClientBuilder builder, Func<SocketsHttpHandler>? handler = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ConfigurePrimaryHttpMessageHandler(services =>
        {
            var primary = handler?.Invoke() ?? new SocketsHttpHandler();
            if (Create(services.GetRequiredService<IOptions<NetworkOptions>>().Value.EgressProxy) is { } proxy)
            {
                primary.Proxy = proxy;
                primary.UseProxy = true;
            }

            return primary;
        });
    }

    /// <summary>The proxy for <paramref name="address"/> (credentials from its user-info part), or null when none is set.</summary>
    public static WebProxy? Create(Uri? address)
    {
        if (address is null)
        {
            return null;
        }

        var proxy = new WebProxy(new UriBuilder(address) { UserName = "", Password = "" }.Uri) { BypassProxyOnLocal = true };
        if (address.UserInfo is { Length: > 0 } userInfo)
        {
            var parts = userInfo.Split(':', 2);
            proxy.Credentials = new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
        }

        return proxy;
    }

    /// <summary>What the UI and logs may show of the proxy: scheme, host and port, never its credentials.</summary>
    public static string? Describe(Uri? address) => address is null ? null : $"{address.Scheme}://{address.Authority}";
}
