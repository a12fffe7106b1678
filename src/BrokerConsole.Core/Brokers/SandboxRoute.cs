using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Brokers;

/// <summary>
/// One setting of a broker's client that, for sandbox accounts, points into the built-in sandbox:
/// <paramref name="Setting"/> is the configuration key, <paramref name="Path"/> where the broker's part of the sandbox
/// answers below the sandbox root (e.g. <c>/kite</c>). The module owns the list, so the web host and the tests fill
/// the URLs without knowing any broker.
/// </summary>
public sealed record SandboxRoute(string Setting, string Path)
{
    public Uri Below(Uri sandboxRoot)
    {
        ArgumentNullException.ThrowIfNull(sandboxRoot);
        return new Uri(sandboxRoot.AbsoluteUri.TrimEnd('/') + Path);
    }
}

/// <summary>Where the built-in sandbox answers (the app's own <c>…/sandbox</c>); null when it is off or the address is not known.</summary>
public interface ISandboxAddress
{
    Uri? Root { get; }
}

/// <summary>
/// Fills a broker's sandbox settings that configuration leaves empty with the built-in sandbox's URLs, once, when the
/// options are first built. A host without an <see cref="ISandboxAddress"/> (the bench, Core-only tests) changes nothing.
/// </summary>
internal sealed class SandboxRouteDefaults<TOptions>(IServiceProvider services, IConfiguration configuration, string section, IReadOnlyList<SandboxRoute> routes)
    : IPostConfigureOptions<TOptions>
    where TOptions : class
{
    public void PostConfigure(string? name, TOptions options)
    {
        if (services.GetService<ISandboxAddress>()?.Root is not { } root)
        {
            return;
        }

        var missing = routes
            .Where(r => string.IsNullOrWhiteSpace(configuration[r.Setting]))
            .ToDictionary(r => r.Setting, r => (string?)r.Below(root).AbsoluteUri);
        if (missing.Count > 0)
        {
            new ConfigurationBuilder().AddInMemoryCollection(missing).Build().GetSection(section).Bind(options);
        }
    }
}
