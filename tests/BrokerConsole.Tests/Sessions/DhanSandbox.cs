using BrokerConsole.Core.Accounts;
using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Sessions;

/// <summary>The app with its Dhan client pointed at the hosted sandbox over real HTTP; one fake clock.</summary>
public sealed class DhanSandbox : IAppRecipe
{
    public const string ClientId = "1100000009";
    public const string Token = "dhan-test-token-0009";
    public const string IpLockedClientId = "1100000010";
    public const string IpLockedToken = "dhan-test-token-0010";

    /// <summary>Only the test that expires its token uses this client, so the others keep a live token.</summary>
    public const string ExpiringClientId = "1100000011";
    public const string ExpiringToken = "dhan-test-token-0011";

    /// <summary>Logs in with PIN + TOTP (flow B); holds HDFCBANK.</summary>
    public const string PinClientId = "1100000012";
    public const string Pin = "135790";
    public const string PinTotpSecret = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U";

    /// <summary>Logs in through the API key consent (flow C).</summary>
    public const string ConsentClientId = "1100000013";
    public const string ConsentPin = "112233";
    public const string ConsentTotpSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    /// <summary>Only the rate-limit test uses this client, so its windows do not disturb the others.</summary>
    public const string BusyClientId = "1100000014";
    public const string BusyToken = "dhan-test-token-0014";

    public const string ApiKey = "dhan-test-app";
    public const string ApiSecret = "dhan-test-secret-01";
    public const string CappedApiKey = "dhan-capped-app";
    public const string CappedApiSecret = "dhan-capped-secret-01";
    public const string RedirectUrl = "http://localhost:5080/connect/dhan/callback";

    public static AppFixture Recipe() => AppFixture.Create()
        .WithSandbox(s =>
        {
            s["Sandbox:Dhan:Users:0:ClientId"] = ClientId;
            s["Sandbox:Dhan:Users:0:Name"] = "Dhan Tester";
            s["Sandbox:Dhan:Users:0:AccessToken"] = Token;
            s["Sandbox:Dhan:Users:0:OpeningBalance"] = "100000";
            s["Sandbox:Dhan:Users:1:ClientId"] = IpLockedClientId;
            s["Sandbox:Dhan:Users:1:Name"] = "Dhan Locked";
            s["Sandbox:Dhan:Users:1:AccessToken"] = IpLockedToken;
            s["Sandbox:Dhan:Users:1:AllowedOrderIps:0"] = "203.0.113.7";
            s["Sandbox:Dhan:Users:2:ClientId"] = ExpiringClientId;
            s["Sandbox:Dhan:Users:2:Name"] = "Dhan Expiring";
            s["Sandbox:Dhan:Users:2:AccessToken"] = ExpiringToken;
            s["Sandbox:Dhan:Users:2:OpeningBalance"] = "100000";
            s["Sandbox:Dhan:Users:3:ClientId"] = PinClientId;
            s["Sandbox:Dhan:Users:3:Name"] = "Dhan Pin";
            s["Sandbox:Dhan:Users:3:Pin"] = Pin;
            s["Sandbox:Dhan:Users:3:TotpSecret"] = PinTotpSecret;
            s["Sandbox:Dhan:Users:3:Holdings:0:SecurityId"] = "1333";
            s["Sandbox:Dhan:Users:3:Holdings:0:Quantity"] = "5";
            s["Sandbox:Dhan:Users:3:Holdings:0:AveragePrice"] = "1600";
            s["Sandbox:Dhan:Users:4:ClientId"] = ConsentClientId;
            s["Sandbox:Dhan:Users:4:Name"] = "Dhan Consent";
            s["Sandbox:Dhan:Users:4:Pin"] = ConsentPin;
            s["Sandbox:Dhan:Users:4:TotpSecret"] = ConsentTotpSecret;
            s["Sandbox:Dhan:Users:5:ClientId"] = BusyClientId;
            s["Sandbox:Dhan:Users:5:Name"] = "Dhan Busy";
            s["Sandbox:Dhan:Users:5:AccessToken"] = BusyToken;
            s["Sandbox:Dhan:Apps:0:ApiKey"] = ApiKey;
            s["Sandbox:Dhan:Apps:0:ApiSecret"] = ApiSecret;
            s["Sandbox:Dhan:Apps:0:RedirectUrl"] = RedirectUrl;
            s["Sandbox:Dhan:Apps:1:ApiKey"] = CappedApiKey;
            s["Sandbox:Dhan:Apps:1:ApiSecret"] = CappedApiSecret;
            s["Sandbox:Dhan:Apps:1:RedirectUrl"] = RedirectUrl;
        })
        .WithSandboxBroker(BrokerKind.Dhan)
        // The canary scan reads every line the app writes, the transport's debug lines included.
        .WithSetting("Logging:LogLevel:BrokerConsole", "Trace");
}
