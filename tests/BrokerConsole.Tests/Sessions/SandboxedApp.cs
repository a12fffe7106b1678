using BrokerConsole.Tests.Sandbox.Kite;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Sessions;

/// <summary>
/// The app in-process, with its Kite client pointed over real loopback HTTP at a separately hosted
/// Kite sandbox. App and sandbox share one fake clock, so tests can walk both past 06:00 IST.
/// </summary>
public sealed class SandboxedApp : TestApp, IAsyncLifetime
{
    public KiteSandboxHost Sandbox { get; private set; } = default!;

    public FakeTimeProvider Clock => Sandbox.Clock!;

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Sandbox:Enabled"] = "false",
        ["Brokers:Zerodha:SandboxApiRoot"] = Sandbox.BaseUrl,
        ["Brokers:Zerodha:SandboxLoginUrl"] = Sandbox.BaseUrl + "/connect/login",
        ["Brokers:Zerodha:ReadRetryCount"] = "0",
    };

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    public async Task InitializeAsync() => Sandbox = await KiteSandboxHost.StartAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        await base.DisposeAsync();
    }
}
