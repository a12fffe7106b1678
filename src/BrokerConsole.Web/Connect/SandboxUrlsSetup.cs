using BrokerConsole.Core.Brokers.AngelOne;
using BrokerConsole.Core.Brokers.Dhan;
using BrokerConsole.Core.Brokers.Fyers;
using BrokerConsole.Core.Brokers.Zerodha;
using BrokerConsole.Sandbox.Kite;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Web.Connect;

/// <summary>
/// When the in-process sandbox is on and no sandbox URLs are configured, sandbox accounts talk to
/// this very server over real HTTP: the first address it listens on, with wildcard hosts made
/// concrete. Options are built once, on first use, and that can be before the server listens (a session
/// sweep at start-up with stored sessions): then the configured URLs (<c>urls</c> / ASPNETCORE_URLS, Kestrel
/// endpoints, or Kestrel's default) say where it will listen, so the answer never depends on who asks first.
/// </summary>
internal sealed class SandboxUrlsSetup(IServer server, IOptions<SandboxOptions> sandbox, IConfiguration configuration) : IPostConfigureOptions<ZerodhaOptions>, IPostConfigureOptions<AngelOneOptions>, IPostConfigureOptions<FyersOptions>, IPostConfigureOptions<DhanOptions>
{
    public void PostConfigure(string? name, ZerodhaOptions options)
    {
        if (!sandbox.Value.Enabled || (options.SandboxApiRoot is not null && options.SandboxLoginUrl is not null) || Self() is not { } self)
        {
            return;
        }

        options.SandboxApiRoot ??= new Uri(self, "/sandbox/kite");
        options.SandboxLoginUrl ??= new Uri(self, "/sandbox/kite/connect/login");
    }

    public void PostConfigure(string? name, AngelOneOptions options)
    {
        if (sandbox.Value.Enabled && options.SandboxApiRoot is null && Self() is { } self)
        {
            options.SandboxApiRoot = new Uri(self, "/sandbox/angel");
        }
    }

    public void PostConfigure(string? name, FyersOptions options)
    {
        if (sandbox.Value.Enabled && options.SandboxApiRoot is null && Self() is { } self)
        {
            options.SandboxApiRoot = new Uri(self, "/sandbox/fyers");
        }
    }

    public void PostConfigure(string? name, DhanOptions options)
    {
        if (!sandbox.Value.Enabled || (options.SandboxApiRoot is not null && options.SandboxAuthRoot is not null) || Self() is not { } self)
        {
            return;
        }

        options.SandboxApiRoot ??= new Uri(self, "/sandbox/dhan/v2");
        options.SandboxAuthRoot ??= new Uri(self, "/sandbox/dhan/auth");
    }

    private Uri? Self()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? ConfiguredAddress();
        if (address is null)
        {
            return null;
        }

        return new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal)).Uri;
    }

    /// <summary>Where the server will listen, read the way Kestrel reads it; null for a port chosen at bind time (port 0).</summary>
    private string? ConfiguredAddress()
    {
        var urls = configuration["urls"];
        var first = !string.IsNullOrWhiteSpace(urls)
            ? urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
            : configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).FirstOrDefault(u => !string.IsNullOrWhiteSpace(u));
        if (first is null && configuration["http_ports"] is { Length: > 0 } ports)
        {
            first = "http://localhost:" + ports.Split(';', StringSplitOptions.TrimEntries)[0];
        }

        // Kestrel's own default when nothing is configured.
        first ??= "http://localhost:5000";
        return Uri.TryCreate(first.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) && uri.Port != 0
            ? first
            : null;
    }
}
