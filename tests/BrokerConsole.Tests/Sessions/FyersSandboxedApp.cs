using BrokerConsole.Tests.Sandbox.Kite;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Sessions;

/// <summary>The app in-process, its Fyers client pointed over real loopback HTTP at the sandbox host; one fake clock.</summary>
public sealed class FyersSandboxedApp : TestApp, IAsyncLifetime
{
    public const string AppId = "TESTFYAPP1-100";
    public const string IpLockedAppId = "TESTFYAPP2-100";
    public const string Secret = "fyers-test-secret-01";
    public const string FyId = "FT0001";

    /// <summary>A second client, so tests that fill orders do not change the first one's positions.</summary>
    public const string SecondFyId = "FT0002";
    public const string Pin = "2468";
    public const string TotpSecret = "ONSWG4TFOQYTEMZUGU3DOOBZ";
    public const string RedirectUrl = "http://localhost:5080/connect/fyers/callback";

    public KiteSandboxHost Sandbox { get; private set; } = default!;

    public FakeTimeProvider Clock => Sandbox.Clock!;

    public string FyersRoot => Sandbox.BaseUrl[..^"/kite".Length] + "/fyers";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Sandbox:Enabled"] = "false",
        ["Brokers:Fyers:SandboxApiRoot"] = FyersRoot,
    };

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    public async Task InitializeAsync() => Sandbox = await KiteSandboxHost.StartAsync(settings =>
    {
        settings["Sandbox:Fyers:Apps:0:AppId"] = AppId;
        settings["Sandbox:Fyers:Apps:0:Secret"] = Secret;
        settings["Sandbox:Fyers:Apps:0:RedirectUrl"] = RedirectUrl;
        settings["Sandbox:Fyers:Apps:1:AppId"] = IpLockedAppId;
        settings["Sandbox:Fyers:Apps:1:Secret"] = Secret;
        settings["Sandbox:Fyers:Apps:1:RedirectUrl"] = RedirectUrl;
        settings["Sandbox:Fyers:Apps:1:AllowedOrderIps:0"] = "203.0.113.7";
        settings["Sandbox:Fyers:Users:0:FyId"] = FyId;
        settings["Sandbox:Fyers:Users:0:Pin"] = Pin;
        settings["Sandbox:Fyers:Users:0:TotpSecret"] = TotpSecret;
        settings["Sandbox:Fyers:Users:0:Name"] = "Fyers Tester";
        settings["Sandbox:Fyers:Users:0:Email"] = "ft0001@example.test";
        settings["Sandbox:Fyers:Users:0:OpeningBalance"] = "200000";
        settings["Sandbox:Fyers:Users:1:FyId"] = SecondFyId;
        settings["Sandbox:Fyers:Users:1:Pin"] = Pin;
        settings["Sandbox:Fyers:Users:1:TotpSecret"] = TotpSecret;
        settings["Sandbox:Fyers:Users:1:Name"] = "Fyers Second";
    });

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        await base.DisposeAsync();
    }
}
