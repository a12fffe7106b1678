using BrokerConsole.Core.Accounts;
using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Sessions;

/// <summary>
/// The app with its Kite client pointed over real loopback HTTP at a separately hosted Kite sandbox. App and sandbox
/// share one fake clock, so tests can walk both past 06:00 IST.
/// </summary>
public sealed class KiteSandbox : IAppRecipe
{
    public static AppFixture Recipe() => AppFixture.Create()
        .WithSandbox()
        .WithSandboxBroker(BrokerKind.Zerodha)
        .WithSetting("Brokers:Zerodha:ReadRetryCount", "0");
}
