using BrokerConsole.Tests.Sandbox.Kite;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Sessions;

/// <summary>
/// The app in-process, its Angel One client pointed over real loopback HTTP at the sandbox host (which serves
/// Kite and Angel side by side). One fake clock for both, so TOTP codes and token expiry agree.
/// </summary>
public sealed class AngelSandboxedApp : TestApp, IAsyncLifetime
{
    public const string ApiKey = "angeltest01";
    public const string IpLockedApiKey = "angelip01";
    public const string ClientCode = "T1001";

    /// <summary>A second client for tests that fill orders, so the first one's funds and positions stay predictable.</summary>
    public const string SecondClientCode = "T1002";
    public const string Mpin = "4321";
    public const string TotpSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    public KiteSandboxHost Sandbox { get; private set; } = default!;

    public FakeTimeProvider Clock => Sandbox.Clock!;

    /// <summary>e.g. <c>http://127.0.0.1:41234/sandbox/angel</c>.</summary>
    public string AngelRoot => Sandbox.BaseUrl[..^"/kite".Length] + "/angel";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Sandbox:Enabled"] = "false",
        ["Brokers:AngelOne:SandboxApiRoot"] = AngelRoot,
        // The 1/s SmartAPI classes queue; on two busy cores running the whole suite a queued call can wait a while.
        ["Brokers:AngelOne:RateLimitMaxWait"] = "00:00:15",
    };

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    public async Task InitializeAsync() => Sandbox = await KiteSandboxHost.StartAsync(settings =>
    {
        settings["Sandbox:Angel:Apps:0:ApiKey"] = ApiKey;
        settings["Sandbox:Angel:Apps:1:ApiKey"] = IpLockedApiKey;
        // TEST-NET-3: never the loopback address the tests call from.
        settings["Sandbox:Angel:Apps:1:AllowedOrderIps:0"] = "203.0.113.7";
        settings["Sandbox:Angel:Users:0:ClientCode"] = ClientCode;
        settings["Sandbox:Angel:Users:0:Mpin"] = Mpin;
        settings["Sandbox:Angel:Users:0:TotpSecret"] = TotpSecret;
        settings["Sandbox:Angel:Users:0:Name"] = "Angel Tester";
        settings["Sandbox:Angel:Users:0:Email"] = "t1001@example.test";
        settings["Sandbox:Angel:Users:0:OpeningBalance"] = "100000";
        settings["Sandbox:Angel:Users:0:Holdings:0:TradingSymbol"] = "SBIN-EQ";
        settings["Sandbox:Angel:Users:0:Holdings:0:Quantity"] = "25";
        settings["Sandbox:Angel:Users:0:Holdings:0:AveragePrice"] = "780";
        settings["Sandbox:Angel:Users:1:ClientCode"] = SecondClientCode;
        settings["Sandbox:Angel:Users:1:Mpin"] = Mpin;
        settings["Sandbox:Angel:Users:1:TotpSecret"] = TotpSecret;
        settings["Sandbox:Angel:Users:1:Name"] = "Angel Second";
    });

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        await base.DisposeAsync();
    }
}
