using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Brokers.Zerodha;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Tests.Brokers.Zerodha;

/// <summary>
/// The real registration (<see cref="BrokerClientRegistration.AddBrokerClients"/>) with the fake Kite as
/// the primary handler, so every test runs the production handler chain, limiter, retries and mapping.
/// </summary>
public sealed class KiteTestHost : IDisposable
{
    public const string ApiKey = "key123";
    public const string AccessToken = "tok456";

    private readonly ServiceProvider _services;

    /// <param name="settings">Overrides of the Zerodha settings.</param>
    /// <param name="useFakeHandler">Answer from <see cref="Handler"/> instead of the network.</param>
    /// <param name="wireClock">Pacing, timeouts and backoff on this fake clock instead of the real one.</param>
    public KiteTestHost(IDictionary<string, string?>? settings = null, bool useFakeHandler = true, Conformance.WireClock? wireClock = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Brokers:Zerodha:ReadRetryBaseDelay"] = "00:00:00.001",
            ["Brokers:Zerodha:SandboxApiRoot"] = "http://127.0.0.1:5000/sandbox/kite",
            ["Brokers:Zerodha:SandboxLoginUrl"] = "http://127.0.0.1:5000/sandbox/kite/connect/login",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddBrokerClients(new ConfigurationBuilder().AddInMemoryCollection(config).Build());
        if (wireClock is not null)
        {
            services.AddSingleton(new Core.Brokers.Http.BrokerWireClock(wireClock));
        }
        if (useFakeHandler)
        {
            services.AddHttpClient(KiteTransport.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Handler);
        }

        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeKiteHandler Handler { get; } = new();

    public LogCollector Logs { get; } = new();

    public IServiceProvider Services => _services;

    public IKiteSessionExchanger Exchanger => _services.GetRequiredService<IKiteSessionExchanger>();

    public IBrokerClient Client(string accessToken = AccessToken, AccountEnvironment environment = AccountEnvironment.Live) =>
        _services.GetRequiredService<IBrokerClientFactory>().Create(new BrokerConnection(BrokerKind.Zerodha, environment, ApiKey, accessToken));

    public void Dispose() => _services.Dispose();
}
