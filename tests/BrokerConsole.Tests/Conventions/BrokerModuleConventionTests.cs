using System.Text.RegularExpressions;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Conventions;

/// <summary>
/// Adding a broker is one folder in <c>Core/Brokers/&lt;Name&gt;</c>, one in <c>Sandbox/&lt;Name&gt;</c> and one
/// <c>AddBroker&lt;T&gt;()</c> line: these tests keep it that way.
/// </summary>
public sealed partial class BrokerModuleConventionTests
{
    /// <summary>Where naming a broker is the point: its module, the account form's catalog, and the sandbox.</summary>
    private static readonly string[] _allowedFolders =
    [
        Path.Combine("src", "BrokerConsole.Core", "Brokers"),
        Path.Combine("src", "BrokerConsole.Core", "Accounts"),
        Path.Combine("src", "BrokerConsole.Sandbox"),
    ];

    [Fact]
    public void No_broker_is_named_outside_the_broker_accounts_and_sandbox_folders()
    {
        // Built from the enum, so a fifth broker is covered the day it is added.
        var named = new Regex($@"\bBrokerKind\.({string.Join('|', Enum.GetNames<BrokerKind>())})\b", RegexOptions.CultureInvariant);
        var source = Path.Combine(RepoPaths.Root, "src");
        var found = Directory.EnumerateFiles(source, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f))
            .Where(f => !IsBuildOutput(f) && !_allowedFolders.Any(a => f.StartsWith(a + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            .SelectMany(f => File.ReadLines(Path.Combine(RepoPaths.Root, f)).Select((line, i) => (f, i, line)))
            .Where(x => named.IsMatch(x.line))
            .Select(x => $"{x.f}:{x.i + 1}: {x.line.Trim()}")
            .ToList();

        Assert.True(found.Count == 0, "Ask the broker's module (IBrokerModules) instead of naming the broker:\n" + string.Join('\n', found));
    }

    [Fact]
    public void Every_broker_kind_has_exactly_one_registered_module_with_its_own_slug()
    {
        var modules = AppModules();

        Assert.Equal(Enum.GetValues<BrokerKind>().Order(), modules.All.Select(m => m.Kind).Order());
        foreach (var kind in Enum.GetValues<BrokerKind>())
        {
            Assert.Equal(kind, modules.For(kind).Kind);
            Assert.Equal(kind, modules.For(kind).Descriptor.Broker);
            Assert.Same(modules.For(kind), modules.FindBySlug(modules.For(kind).Slug));
        }

        Assert.Equal(modules.All.Count, modules.All.Select(m => m.Slug).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Throws<NotSupportedException>(() => modules.For((BrokerKind)99));
    }

    [Fact]
    public void A_broker_has_a_popup_callback_exactly_when_it_registers_a_popup_login()
    {
        using var services = AppServices();
        var popupBrokers = services.GetServices<IPopupBrokerLogin>().Select(l => l.Broker).Order().ToList();
        var modules = services.GetRequiredService<IBrokerModules>();

        Assert.Equal(popupBrokers, modules.All.Where(m => m.PopupCallback is not null).Select(m => m.Kind).Order());
        Assert.Equal(popupBrokers.Count, popupBrokers.Distinct().Count());
    }

    [Fact]
    public void Session_renewal_capability_matches_the_registered_renewers()
    {
        using var services = AppServices();
        var renewing = services.GetServices<IBrokerSessionRenewer>().Select(r => r.Broker).Order();
        var modules = services.GetRequiredService<IBrokerModules>();

        Assert.Equal(renewing, modules.All.Where(m => m.Has(BrokerCapabilities.SessionRenewal)).Select(m => m.Kind).Order());
    }

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");

    private static ServiceProvider AppServices() =>
        new ServiceCollection().AddLogging().AddBrokerClients(new ConfigurationBuilder().Build()).BuildServiceProvider();

    private static IBrokerModules AppModules() => BrokerModulesForTests.All;
}
