using BrokerConsole.Core.Accounts;
using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Sessions;

/// <summary>The app with its Angel One client pointed over real loopback HTTP at the hosted sandbox; one fake clock for both, so TOTP codes and token expiry agree.</summary>
public sealed class AngelSandbox : IAppRecipe
{
    public const string ApiKey = "angeltest01";
    public const string IpLockedApiKey = "angelip01";
    public const string ClientCode = "T1001";

    /// <summary>A second client for tests that fill orders, so the first one's funds and positions stay predictable.</summary>
    public const string SecondClientCode = "T1002";
    public const string Mpin = "4321";
    public const string TotpSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    public static AppFixture Recipe() => AppFixture.Create()
        .WithSandbox(s =>
        {
            s["Sandbox:Angel:Apps:0:ApiKey"] = ApiKey;
            s["Sandbox:Angel:Apps:1:ApiKey"] = IpLockedApiKey;
            // TEST-NET-3: never the loopback address the tests call from.
            s["Sandbox:Angel:Apps:1:AllowedOrderIps:0"] = "203.0.113.7";
            s["Sandbox:Angel:Users:0:ClientCode"] = ClientCode;
            s["Sandbox:Angel:Users:0:Mpin"] = Mpin;
            s["Sandbox:Angel:Users:0:TotpSecret"] = TotpSecret;
            s["Sandbox:Angel:Users:0:Name"] = "Angel Tester";
            s["Sandbox:Angel:Users:0:Email"] = "t1001@example.test";
            s["Sandbox:Angel:Users:0:OpeningBalance"] = "100000";
            s["Sandbox:Angel:Users:0:Holdings:0:TradingSymbol"] = "SBIN-EQ";
            s["Sandbox:Angel:Users:0:Holdings:0:Quantity"] = "25";
            s["Sandbox:Angel:Users:0:Holdings:0:AveragePrice"] = "780";
            s["Sandbox:Angel:Users:1:ClientCode"] = SecondClientCode;
            s["Sandbox:Angel:Users:1:Mpin"] = Mpin;
            s["Sandbox:Angel:Users:1:TotpSecret"] = TotpSecret;
            s["Sandbox:Angel:Users:1:Name"] = "Angel Second";
        })
        .WithSandboxBroker(BrokerKind.AngelOne)
        // The 1/s SmartAPI classes queue; on two busy cores running the whole suite a queued call can wait a while.
        .WithSetting("Brokers:AngelOne:RateLimitMaxWait", "00:00:15");
}
