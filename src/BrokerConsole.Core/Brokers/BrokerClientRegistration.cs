using BrokerConsole.Core.Brokers.AngelOne;
using BrokerConsole.Core.Brokers.Dhan;
using BrokerConsole.Core.Brokers.Fyers;
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

        services.TryAddSingleton<KiteRateLimiter>();
        services.TryAddSingleton<KiteOrderCaps>();
        services.AddTransient<KiteAuthHandler>();
        services.AddHttpClient<KiteTransport>(KiteTransport.HttpClientName)
            // The default logging handlers write full request URIs, and DELETE /session/token carries
            // the access token in its query string. KiteTransport logs method and path itself.
            .RemoveAllLoggers()
            .AddHttpMessageHandler<KiteAuthHandler>();

        // The logins stamp login times; hosts that registered their own clock keep it.
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AngelOneOptions>().Bind(configuration.GetSection(AngelOneOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AngelOneOptions>, AngelOneOptionsValidator>());
        services.TryAddSingleton<AngelRateLimiter>();
        services.TryAddSingleton<DhanRateLimiter>();
        services.TryAddSingleton<FyersRateLimiter>();
        services.TryAddSingleton<AngelSymbolCache>();
        // SmartAPI sends the JWT in headers and the MPIN/TOTP in the login body; the default handlers log neither,
        // but AngelTransport logs method and path itself, so the defaults would only duplicate.
        services.AddHttpClient<AngelTransport>(AngelTransport.HttpClientName).RemoveAllLoggers();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IDirectBrokerLogin, AngelOneLogin>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IBrokerSessionRenewer, AngelSessionRenewer>());

        services.AddOptions<FyersOptions>().Bind(configuration.GetSection(FyersOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FyersOptions>, FyersOptionsValidator>());
        services.AddHttpClient<FyersTransport>(FyersTransport.HttpClientName).RemoveAllLoggers();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPopupBrokerLogin, FyersLogin>());

        services.AddOptions<DhanOptions>().Bind(configuration.GetSection(DhanOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DhanOptions>, DhanOptionsValidator>());
        // The access token travels in a header the default handlers would not log, but keep them off like the others.
        services.AddHttpClient<DhanTransport>(DhanTransport.HttpClientName).RemoveAllLoggers();
        services.TryAddTransient<DhanAuth>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IDirectBrokerLogin, DhanDirectLogin>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPopupBrokerLogin, DhanConsentLogin>());

        services.TryAddSingleton<IBrokerClientFactory, BrokerClientFactory>();
        services.TryAddTransient<IKiteSessionExchanger, KiteSessionExchanger>();
        return services;
    }
}
