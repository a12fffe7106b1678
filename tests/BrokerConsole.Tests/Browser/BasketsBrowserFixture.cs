using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Browser;

/// <summary>
/// The app with a second Angel One client beside the demo one (a basket of three brokers needs two Angel accounts), and
/// two Angel app keys of the test's own for reading the books at the broker (<see cref="SandboxBooks"/>).
/// </summary>
public sealed class BasketsBrowserFixture : BrowserFixture
{
    public const string SecondAngelClient = "DA1002";
    public static readonly string[] BookReaderKeys = ["angelbooks01", "angelbooks02"];

    protected override string LogName => "browser-baskets-app.log";

    protected override IDictionary<string, string> EnvironmentFor(Uri baseUrl)
    {
        var env = SandboxDemo.EnvironmentFor(baseUrl);
        // Index 0 is the demo client and app of appsettings.Development.json.
        env["Sandbox__Angel__Users__1__ClientCode"] = SecondAngelClient;
        env["Sandbox__Angel__Users__1__Mpin"] = SandboxDemo.AngelMpin;
        env["Sandbox__Angel__Users__1__TotpSecret"] = SandboxDemo.AngelTotpSecret;
        env["Sandbox__Angel__Users__1__Name"] = "Second Angel Trader";
        env["Sandbox__Angel__Users__1__OpeningBalance"] = "500000";
        for (var i = 0; i < BookReaderKeys.Length; i++)
        {
            env[$"Sandbox__Angel__Apps__{i + 1}__ApiKey"] = BookReaderKeys[i];
        }

        return env;
    }
}

[CollectionDefinition(Name)]
public sealed class BasketsBrowserGroup : ICollectionFixture<BasketsBrowserFixture>
{
    public const string Name = "browser-baskets";
}
