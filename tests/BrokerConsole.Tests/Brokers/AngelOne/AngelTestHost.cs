using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Brokers.AngelOne;
using BrokerConsole.Tests.Brokers.Zerodha;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Brokers.AngelOne;

/// <summary>The real registration with a fake SmartAPI as the primary handler: production headers, limiter and mapping.</summary>
public sealed class AngelTestHost : IDisposable
{
    public const string ApiKey = "smartkey01";
    public const string AccessToken = "jwt-canary-4c1d";
    public const string ClientCode = "A123456";

    private readonly ServiceProvider _services;

    public AngelTestHost()
    {
        var config = new Dictionary<string, string?>
        {
            ["Brokers:AngelOne:ClientPublicIp"] = "203.0.113.10",
            ["Brokers:AngelOne:RateLimitMaxWait"] = "00:00:05",
        };
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddBrokerClients(new ConfigurationBuilder().AddInMemoryCollection(config).Build());
        services.AddHttpClient(AngelTransport.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Handler);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeKiteHandler Handler { get; } = new();

    public LogCollector Logs { get; } = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 4, 30, 0, TimeSpan.Zero));

    public IDirectBrokerLogin Login => _services.GetServices<IDirectBrokerLogin>().Single(l => l.Broker == BrokerKind.AngelOne);

    public IBrokerClient Client() =>
        _services.GetRequiredService<IBrokerClientFactory>().Create(new BrokerConnection(BrokerKind.AngelOne, AccountEnvironment.Live, ApiKey, AccessToken) { ClientId = ClientCode });

    public static string Ok(string data) => $$"""{"status":true,"message":"SUCCESS","errorcode":"","data":{{data}}}""";

    public void Dispose() => _services.Dispose();
}
