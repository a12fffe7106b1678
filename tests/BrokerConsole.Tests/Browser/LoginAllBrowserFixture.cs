using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Browser;

/// <summary>The app with ten more sandbox Zerodha users, each shown with their current code on the sandbox login page.</summary>
public sealed class LoginAllBrowserFixture : BrowserFixture
{
    public const int UserCount = 10;

    // Indexes 0 and 1 are the demo users of appsettings.Development.json.
    private const int FirstIndex = 2;

    public static string UserId(int i) => $"ML{1001 + i}";

    public static string Password(int i) => $"ml-pass-{i}";

    public static string TotpSecret(int i) => "KRUGS4ZAMF2CAYLO" + new string((char)('A' + i), 16);

    protected override string LogName => "browser-login-all-app.log";

    protected override IDictionary<string, string> EnvironmentFor(Uri baseUrl)
    {
        var env = SandboxDemo.EnvironmentFor(baseUrl);
        for (var i = 0; i < UserCount; i++)
        {
            var prefix = $"Sandbox__Kite__Users__{FirstIndex + i}__";
            env[prefix + "UserId"] = UserId(i);
            env[prefix + "Password"] = Password(i);
            env[prefix + "TotpSecret"] = TotpSecret(i);
            env[prefix + "UserName"] = $"Morning Trader {i + 1}";
            env[prefix + "Email"] = $"morning{i + 1}@sandbox.invalid";
            env[prefix + "ShowOnLoginPage"] = "true";
        }

        return env;
    }
}

[CollectionDefinition(Name)]
public sealed class LoginAllBrowserGroup : ICollectionFixture<LoginAllBrowserFixture>
{
    public const string Name = "browser-login-all";
}
/// <summary>
/// The ten-account pass gets an app of its own: it is the longest browser test, and beside the other Log in all
/// tests in one collection it made the suite's critical path.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LoginAllTenAccountsBrowserGroup : ICollectionFixture<LoginAllBrowserFixture>
{
    public const string Name = "browser-login-all-ten";
}
