using BrokerConsole.Core.Brokers.Zerodha;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Brokers;

public static class BrokerClientRegistration
{
    /// <summary>
    /// Broker clients: options (<c>Brokers:Zerodha</c>, validated at start), the Kite typed HttpClient,
    /// its shared rate limiter, <see cref="IBrokerClientFactory"/> and <see cref="IKiteSessionExchanger"/>.
    /// </summary>
    public static IServiceCollection AddBrokerClients(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<ZerodhaOptions>().Bind(configuration.GetSection(ZerodhaOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ZerodhaOptions>, ZerodhaOptionsValidator>());

        services.TryAddSingleton<KiteRateLimiter>();
        services.AddTransient<KiteAuthHandler>();
        services.AddHttpClient<KiteTransport>(KiteTransport.HttpClientName)
            // The default logging handlers write full request URIs, and DELETE /session/token carries
            // the access token in its query string. KiteTransport logs method and path itself.
            .RemoveAllLoggers()
            .AddHttpMessageHandler<KiteAuthHandler>();

        services.TryAddSingleton<IBrokerClientFactory, BrokerClientFactory>();
        services.TryAddTransient<IKiteSessionExchanger, KiteSessionExchanger>();
        return services;
    }
}
