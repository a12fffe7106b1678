using BrokerConsole.Core.Brokers.AngelOne;
using BrokerConsole.Core.Brokers.Dhan;
using BrokerConsole.Core.Brokers.Fyers;
using BrokerConsole.Core.Brokers.Http;
using BrokerConsole.Core.Brokers.Zerodha;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Brokers;

public static class BrokerClientRegistration
{
    /// <summary>
    /// Broker clients: options (<c>Brokers:Zerodha</c>, <c>Brokers:AngelOne</c>, validated at start), each broker's
    /// typed HttpClient and shared rate limiter, <see cref="IBrokerClientFactory"/>, <see cref="IKiteSessionExchanger"/>
    /// and the <see cref="IDirectBrokerLogin"/> of every broker that logs in without a popup.
    /// </summary>
    public static IServiceCollection AddBrokerClients(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<ZerodhaOptions>().Bind(configuration.GetSection(ZerodhaOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ZerodhaOptions>, ZerodhaOptionsValidator>());

        // One send loop for every broker; its waits run on the wire clock, which tests may replace with a fake.
        services.TryAddSingleton(BrokerWireClock.System);
        services.TryAddSingleton<BrokerHttpPipeline>();

        services.TryAddSingleton<KiteRateLimiter>();
        services.TryAddSingleton<KiteOrderCaps>();
        services.AddTransient<KiteAuthHandler>();
        services.AddBrokerHttpClient<KiteTransport>(KiteTransport.HttpClientName).AddHttpMessageHandler<KiteAuthHandler>();

        // The logins stamp login times; hosts that registered their own clock keep it.
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AngelOneOptions>().Bind(configuration.GetSection(AngelOneOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AngelOneOptions>, AngelOneOptionsValidator>());
        services.TryAddSingleton<AngelRateLimiter>();
        services.TryAddSingleton<DhanRateLimiter>();
        services.TryAddSingleton<FyersRateLimiter>();
        services.TryAddSingleton<AngelSymbolCache>();
        services.AddBrokerHttpClient<AngelTransport>(AngelTransport.HttpClientName);
        services.TryAddEnumerable(ServiceDescriptor.Transient<IDirectBrokerLogin, AngelOneLogin>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IBrokerSessionRenewer, AngelSessionRenewer>());

        services.AddOptions<FyersOptions>().Bind(configuration.GetSection(FyersOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FyersOptions>, FyersOptionsValidator>());
        services.AddBrokerHttpClient<FyersTransport>(FyersTransport.HttpClientName);
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPopupBrokerLogin, FyersLogin>());

        services.AddOptions<DhanOptions>().Bind(configuration.GetSection(DhanOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DhanOptions>, DhanOptionsValidator>());
        services.AddBrokerHttpClient<DhanTransport>(DhanTransport.HttpClientName);
        services.TryAddTransient<DhanAuth>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IDirectBrokerLogin, DhanDirectLogin>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPopupBrokerLogin, DhanConsentLogin>());

        services.TryAddSingleton<IBrokerClientFactory, BrokerClientFactory>();
        services.TryAddTransient<IKiteSessionExchanger, KiteSessionExchanger>();
        return services;
    }

    /// <summary>
    /// A broker's typed client. The default logging handlers are removed: they write full request URIs, and Kite's
    /// <c>DELETE /session/token</c> and Dhan's PIN + TOTP login carry secrets in the query; the pipeline logs method and
    /// path itself. HttpClient's own timeout is off: the pipeline's per-attempt one is the only one, on the wire clock.
    /// </summary>
    private static IHttpClientBuilder AddBrokerHttpClient<TTransport>(this IServiceCollection services, string name)
        where TTransport : class =>
        services.AddHttpClient<TTransport>(name, client => client.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
}
