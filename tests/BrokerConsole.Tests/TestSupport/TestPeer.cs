using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace BrokerConsole.Tests.TestSupport;

/// <summary>
/// The in-process test server has no TCP peer (RemoteIpAddress is null, which the app treats as remote). A request
/// with <see cref="Header"/> gets that address as its peer before the app's pipeline runs: <c>127.0.0.1</c> is a
/// monitor on the same machine, <c>203.0.113.7</c> a caller from the internet, <c>10.0.0.5</c> a proxy.
/// </summary>
public static class TestPeer
{
    public const string Header = "X-Test-Peer";

    /// <summary>Adds the header to <paramref name="request"/>.</summary>
    public static HttpRequestMessage From(this HttpRequestMessage request, string address)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Add(Header, address);
        return request;
    }

    internal sealed class Filter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(Header, out var peer))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
