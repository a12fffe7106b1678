using BrokerConsole.Core.Accounts;
using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Instruments;

/// <summary>
/// The app in-process against one sandbox host serving all four brokers over real HTTP (their masters included), on a
/// fake clock. The sandbox's Kite user holds NSE:SBIN, its Angel One user SBIN-EQ and its Dhan user security id 3045.
/// </summary>
public sealed class InstrumentsSandbox : IAppRecipe
{
    public const string AngelApiKey = "angelinst01";
    public const string AngelClientCode = "I1001";
    public const string AngelMpin = "4321";
    public const string AngelTotpSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    public const string DhanClientId = "1000000777";
    public const string DhanToken = "dhan-instruments-token-0001";

    public static AppFixture Recipe() => AppFixture.Create()
        .WithSandbox(settings =>
        {
            settings["Sandbox:Kite:Users:0:Holdings:1:Instrument"] = "NSE:SBIN";
            settings["Sandbox:Kite:Users:0:Holdings:1:Quantity"] = "5";
            settings["Sandbox:Kite:Users:0:Holdings:1:AveragePrice"] = "700";
            settings["Sandbox:Angel:Apps:0:ApiKey"] = AngelApiKey;
            settings["Sandbox:Angel:Users:0:ClientCode"] = AngelClientCode;
            settings["Sandbox:Angel:Users:0:Mpin"] = AngelMpin;
            settings["Sandbox:Angel:Users:0:TotpSecret"] = AngelTotpSecret;
            settings["Sandbox:Angel:Users:0:Name"] = "Angel Holder";
            settings["Sandbox:Angel:Users:0:Email"] = "i1001@example.test";
            settings["Sandbox:Angel:Users:0:Holdings:0:TradingSymbol"] = "SBIN-EQ";
            settings["Sandbox:Angel:Users:0:Holdings:0:Quantity"] = "7";
            settings["Sandbox:Angel:Users:0:Holdings:0:AveragePrice"] = "750";
            settings["Sandbox:Dhan:Users:0:ClientId"] = DhanClientId;
            settings["Sandbox:Dhan:Users:0:Name"] = "Dhan Holder";
            settings["Sandbox:Dhan:Users:0:AccessToken"] = DhanToken;
            settings["Sandbox:Dhan:Users:0:Holdings:0:SecurityId"] = "3045";
            settings["Sandbox:Dhan:Users:0:Holdings:0:Quantity"] = "3";
            settings["Sandbox:Dhan:Users:0:Holdings:0:AveragePrice"] = "780";
        })
        .WithSandboxBroker(BrokerKind.Zerodha)
        .WithSandboxBroker(BrokerKind.AngelOne)
        .WithSandboxBroker(BrokerKind.Fyers)
        .WithSandboxBroker(BrokerKind.Dhan)
        .WithSetting("Scheduling:Enabled", "false")
        .WithSetting("Instruments:DailyRefresh", "false")
        .WithSetting("Brokers:Zerodha:ReadRetryCount", "0");
}

/// <summary>The instrument tests' accounts, one per broker, each with a live session.</summary>
public static class InstrumentsAccounts
{
    public static Task<Guid> AddKiteAccountAsync(this TestApp app, Trader user) => app.AddKiteAccountAsync(user, "Kite");

    public static Task<Guid> AddAngelAccountAsync(Trader user) => user.AddConnectedAccountAsync(new AccountDraft
    {
        Broker = BrokerKind.AngelOne,
        DisplayName = "Angel",
        ClientId = InstrumentsSandbox.AngelClientCode,
        Environment = AccountEnvironment.Sandbox,
        ApiKey = InstrumentsSandbox.AngelApiKey,
        Mpin = InstrumentsSandbox.AngelMpin,
        TotpSecret = InstrumentsSandbox.AngelTotpSecret,
    });

    public static Task<Guid> AddDhanAccountAsync(Trader user) => user.AddConnectedAccountAsync(new AccountDraft
    {
        Broker = BrokerKind.Dhan,
        DisplayName = "Dhan",
        ClientId = InstrumentsSandbox.DhanClientId,
        Environment = AccountEnvironment.Sandbox,
        AccessToken = InstrumentsSandbox.DhanToken,
    });
}
