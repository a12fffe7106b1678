namespace BrokerConsole.Tests.TestSupport;

/// <summary>The demo Kite app and users shipped in appsettings.Development.json, as tests use them.</summary>
public static class SandboxDemo
{
    public const string ApiKey = "sandboxdemo01";
    public const string ApiSecret = "sandbox-demo-secret-01";
    public const string UserA = "DA1234";
    public const string PasswordA = "demo-pass-1";
    public const string UserB = "DB5678";
    public const string PasswordB = "demo-pass-2";

    public const string AngelApiKey = "angeldemo01";
    public const string AngelClientCode = "DA1001";
    public const string AngelMpin = "1234";
    public const string AngelTotpSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    public const string DhanClientId = "1100000001";
    public const string DhanToken = "sandbox-dhan-token-0001";
    public const string DhanPin = "246810";
    public const string DhanTotpSecret = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U";
    public const string DhanApiKey = "dhandemo01";
    public const string DhanApiSecret = "sandbox-dhan-secret-01";

    public const string FyersAppId = "SANDBOXFY1-100";
    public const string FyersSecret = "sandbox-fyers-secret-01";
    public const string FyersUser = "FD0001";
    public const string FyersPin = "1234";

    /// <summary>The sandboxes' registered redirect and postback URLs must point at the port the app really listens on.</summary>
    public static IDictionary<string, string> EnvironmentFor(Uri baseUrl) => new Dictionary<string, string>
    {
        ["Sandbox__Kite__Apps__0__RedirectUrl"] = new Uri(baseUrl, "/connect/zerodha/callback").ToString(),
        ["Sandbox__Kite__Apps__0__PostbackUrl"] = new Uri(baseUrl, "/postbacks/zerodha").ToString(),
        ["Sandbox__Fyers__Apps__0__RedirectUrl"] = new Uri(baseUrl, "/connect/fyers/callback").ToString(),
        ["Sandbox__Dhan__Apps__0__RedirectUrl"] = new Uri(baseUrl, "/connect/dhan/callback").ToString(),
        // A closed port: the public-IP lookup fails at once, as it does on a machine without internet.
        ["Network__PublicIpLookupUrl"] = "http://127.0.0.1:9/",
        // Browser tests run at any hour: a real 08:30 IST reminder must not change their notification counts.
        ["MorningReminder__Enabled"] = "false",
    };
}
