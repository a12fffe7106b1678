using BrokerConsole.Core.Brokers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.TestSupport;

/// <summary>The app's real broker modules, registered exactly as the app does, for tests that ask a module a question.</summary>
internal static class BrokerModulesForTests
{
    private static readonly Lazy<IBrokerModules> _modules = new(() =>
        new ServiceCollection().AddLogging().AddBrokerClients(new ConfigurationBuilder().Build())
            .BuildServiceProvider().GetRequiredService<IBrokerModules>());

    public static IBrokerModules All => _modules.Value;
}
