using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Tests.TestSupport;

/// <summary>
/// A forward HTTP proxy on loopback standing in for a desk's egress proxy. It serves names no resolver knows: a request
/// for <c>http://NAME.egress.test:PORT/...</c> is forwarded to <c>127.0.0.1:PORT</c>, so a call that arrives there can only
/// have come through the proxy. <c>ip.egress.test</c> answers the public IP the brokers would see. With credentials it
/// challenges with 407 first, as a real proxy does, and records what it was asked.
/// </summary>
public sealed class EgressProxyStub : IAsyncDisposable
{
    public const string Domain = ".egress.test";
    public const string EgressIp = "198.51.100.7";

    private static readonly HashSet<string> _hopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "Proxy-Authorization", "TE", "Trailer", "Host", "Content-Length",
    };

    private readonly WebApplication _host;
    private readonly HttpClient _onward = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false });
    private readonly ConcurrentQueue<string> _seen = new();
    private readonly string? _expectedAuthorization;

    private EgressProxyStub(WebApplication host, string? user, string? password)
    {
        _host = host;
        _expectedAuthorization = user is null ? null : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
    }

    /// <summary>The proxy's address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Address { get; private set; } = default!;

    /// <summary>Requests forwarded or answered, as <c>METHOD host/path</c>; challenged ones are not listed.</summary>
    public IReadOnlyList<string> Seen => _seen.ToArray();

    public static async Task<EgressProxyStub> StartAsync(string? user = null, string? password = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var host = builder.Build();
        var proxy = new EgressProxyStub(host, user, password);
        host.Run(proxy.HandleAsync);
        await host.StartAsync();
        proxy.Address = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return proxy;
    }

    /// <summary><paramref name="loopbackUrl"/> with its host replaced by <paramref name="name"/><see cref="Domain"/>: reachable only through the proxy.</summary>
    public static string OnlyThroughProxy(string loopbackUrl, string name) =>
        new UriBuilder(loopbackUrl) { Host = name + Domain }.Uri.ToString().TrimEnd('/');

    private async Task HandleAsync(HttpContext http)
    {
        if (_expectedAuthorization is { } expected && http.Request.Headers["Proxy-Authorization"].ToString() != expected)
        {
            http.Response.StatusCode = StatusCodes.Status407ProxyAuthenticationRequired;
            http.Response.Headers["Proxy-Authenticate"] = "Basic realm=\"egress\"";
            return;
        }

        // A forward proxy gets the absolute URI as the request target.
        var target = new Uri(http.Features.Get<IHttpRequestFeature>()!.RawTarget, UriKind.RelativeOrAbsolute);
        if (!target.IsAbsoluteUri || !target.Host.EndsWith(Domain, StringComparison.OrdinalIgnoreCase))
        {
            http.Response.StatusCode = StatusCodes.Status502BadGateway;
            return;
        }

        _seen.Enqueue($"{http.Request.Method} {target.Host}{target.AbsolutePath}");
        if (target.Host.Equals("ip" + Domain, StringComparison.OrdinalIgnoreCase))
        {
            await http.Response.WriteAsync(EgressIp);
            return;
        }

        using var onward = new HttpRequestMessage(new HttpMethod(http.Request.Method), new UriBuilder(target) { Host = "127.0.0.1" }.Uri);
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        if (body.Length > 0 || HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsPut(http.Request.Method))
        {
            onward.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in http.Request.Headers)
        {
            if (!_hopByHop.Contains(name) && !onward.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                onward.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var answer = await _onward.SendAsync(onward, http.RequestAborted);
        http.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!_hopByHop.Contains(name))
            {
                http.Response.Headers[name] = values.ToArray();
            }
        }

        await answer.Content.CopyToAsync(http.Response.Body);
    }

    public async ValueTask DisposeAsync()
    {
        _onward.Dispose();
        await _host.DisposeAsync();
    }
}
