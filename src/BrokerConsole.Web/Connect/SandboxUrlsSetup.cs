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
/// concrete. Options are built on first use, after the server has started listening.
/// </summary>
internal sealed class SandboxUrlsSetup(IServer server, IOptions<SandboxOptions> sandbox) : IPostConfigureOptions<ZerodhaOptions>, IPostConfigureOptions<AngelOneOptions>, IPostConfigureOptions<FyersOptions>, IPostConfigureOptions<DhanOptions>
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
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null)
        {
            return null;
        }

        return new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal)).Uri;
    }
}
