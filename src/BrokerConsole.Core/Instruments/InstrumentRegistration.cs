using BrokerConsole.Core.Network;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BrokerConsole.Core.Instruments;

public static class InstrumentRegistration
{
    /// <summary>The catalog, its refresh (on demand and daily at 08:30 IST) and the order checks that use it.</summary>
    public static IServiceCollection AddInstruments(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<InstrumentOptions>().Bind(configuration.GetSection(InstrumentOptions.SectionName));
        services.AddHttpClient(MasterDownload.HttpClientName, client => client.Timeout = TimeSpan.FromMinutes(2))
            .UseEgressProxy(() => new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All })
            .RemoveAllLoggers();
        services.TryAddSingleton<InstrumentStore>();
        services.TryAddSingleton<InstrumentCatalog>();
        services.TryAddSingleton<InstrumentMasterRefresher>();
        services.TryAddScoped<IInstrumentPrices, InstrumentPrices>();
        services.AddHostedService<InstrumentRefreshSchedule>();
        return services;
    }
}
