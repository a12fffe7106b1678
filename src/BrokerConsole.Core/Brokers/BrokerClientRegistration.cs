using BrokerConsole.Core.Brokers.AngelOne;
using BrokerConsole.Core.Brokers.Dhan;
using BrokerConsole.Core.Brokers.Fyers;
using BrokerConsole.Core.Brokers.Http;
using BrokerConsole.Core.Brokers.Zerodha;
using BrokerConsole.Core.Network;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BrokerConsole.Core.Brokers;

public static class BrokerClientRegistration
{
    /// <summary>
    /// Broker clients: the shared HTTP pipeline, one <see cref="IBrokerModule"/> per broker (each adds its options,
    /// validated at start, its typed HttpClient, rate limiter and login strategies) and <see cref="IBrokerClientFactory"/>.
    /// </summary>
    public static IServiceCollection AddBrokerClients(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // One send loop for every broker; its waits run on the wire clock, which tests may replace with a fake.
        services.TryAddSingleton(BrokerWireClock.System);
        services.TryAddSingleton<BrokerHttpPipeline>();
        // The logins stamp login times; hosts that registered their own clock keep it.
        services.TryAddSingleton(TimeProvider.System);

        // One line per broker: everything else about a broker lives in its module's folder.
        services.AddBroker<ZerodhaModule>(configuration);
        services.AddBroker<AngelOneModule>(configuration);
        services.AddBroker<FyersModule>(configuration);
        services.AddBroker<DhanModule>(configuration);

        services.TryAddSingleton<IBrokerClientFactory, BrokerClientFactory>();
        return services;
    }

    /// <summary>
    /// A broker's typed client. The default logging handlers are removed: they write full request URIs, and Kite's
    /// <c>DELETE /session/token</c> and Dhan's PIN + TOTP login carry secrets in the query; the pipeline logs method and
    /// path itself. HttpClient's own timeout is off: the pipeline's per-attempt one is the only one, on the wire clock.
    /// </summary>
    internal static IHttpClientBuilder AddBrokerHttpClient<TTransport>(this IServiceCollection services, string name)
        where TTransport : class =>
        services.AddHttpClient<TTransport>(name, client => client.Timeout = Timeout.InfiniteTimeSpan).UseEgressProxy().RemoveAllLoggers();
}
