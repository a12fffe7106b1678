using Microsoft.AspNetCore.Components.Server.Circuits;

namespace BrokerConsole.Web.Circuits;

public static class CircuitsRegistration
{
    /// <summary>Closed circuits' memory goes back to the operating system (see <see cref="CircuitMemoryTrim"/>).</summary>
    public static IServiceCollection AddCircuitMemoryTrim(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CircuitMemoryTrimOptions>(configuration.GetSection(CircuitMemoryTrimOptions.Section));
        services.AddSingleton<CircuitMemoryTrim>();
        services.AddScoped<CircuitHandler, CircuitMemoryTrimHandler>();
        return services;
    }
}
