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

    /// <summary>The sandbox's registered redirect and postback URLs must point at the port the app really listens on.</summary>
    public static IDictionary<string, string> EnvironmentFor(Uri baseUrl) => new Dictionary<string, string>
    {
        ["Sandbox__Kite__Apps__0__RedirectUrl"] = new Uri(baseUrl, "/connect/zerodha/callback").ToString(),
        ["Sandbox__Kite__Apps__0__PostbackUrl"] = new Uri(baseUrl, "/postbacks/zerodha").ToString(),
    };
}
