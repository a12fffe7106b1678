using BrokerConsole.Core.Accounts;
using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Sessions;

/// <summary>The app with its Fyers client pointed over real loopback HTTP at the hosted sandbox; one fake clock.</summary>
public sealed class FyersSandbox : IAppRecipe
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

    public static AppFixture Recipe() => AppFixture.Create()
        .WithSandbox(s =>
        {
            s["Sandbox:Fyers:Apps:0:AppId"] = AppId;
            s["Sandbox:Fyers:Apps:0:Secret"] = Secret;
            s["Sandbox:Fyers:Apps:0:RedirectUrl"] = RedirectUrl;
            s["Sandbox:Fyers:Apps:1:AppId"] = IpLockedAppId;
            s["Sandbox:Fyers:Apps:1:Secret"] = Secret;
            s["Sandbox:Fyers:Apps:1:RedirectUrl"] = RedirectUrl;
            s["Sandbox:Fyers:Apps:1:AllowedOrderIps:0"] = "203.0.113.7";
            s["Sandbox:Fyers:Users:0:FyId"] = FyId;
            s["Sandbox:Fyers:Users:0:Pin"] = Pin;
            s["Sandbox:Fyers:Users:0:TotpSecret"] = TotpSecret;
            s["Sandbox:Fyers:Users:0:Name"] = "Fyers Tester";
            s["Sandbox:Fyers:Users:0:Email"] = "ft0001@example.test";
            s["Sandbox:Fyers:Users:0:OpeningBalance"] = "200000";
            s["Sandbox:Fyers:Users:1:FyId"] = SecondFyId;
            s["Sandbox:Fyers:Users:1:Pin"] = Pin;
            s["Sandbox:Fyers:Users:1:TotpSecret"] = TotpSecret;
            s["Sandbox:Fyers:Users:1:Name"] = "Fyers Second";
        })
        .WithSandboxBroker(BrokerKind.Fyers);
}
