using BrokerConsole.Core.Brokers;
using BrokerConsole.Sandbox.Kite;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Web.Connect;

/// <summary>
/// When the in-process sandbox is on, sandbox accounts talk to this very server over real HTTP: the first address it
/// listens on, with wildcard hosts made concrete. Each broker module's <see cref="SandboxRoute"/>s hang below it. Options
/// are built once, on first use, and that can be before the server listens (a session sweep at start-up with stored
/// sessions): then the configured URLs (<c>urls</c> / ASPNETCORE_URLS, Kestrel endpoints, or Kestrel's default) say
/// where it will listen, so the answer never depends on who asks first.
/// </summary>
internal sealed class SandboxAddress(IServer server, IOptions<SandboxOptions> sandbox, IConfiguration configuration) : ISandboxAddress
{
    public Uri? Root => sandbox.Value.Enabled && Self() is { } self ? new Uri(self, "/sandbox") : null;

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
