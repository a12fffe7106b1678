using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Core.Exits;

public static class ExitRegistration
{
    /// <summary>Exits of positions and the kill switch (scoped like the order service they send through).</summary>
    public static IServiceCollection AddExits(this IServiceCollection services)
    {
        services.AddSingleton<ExitPlanStore>();
        services.AddSingleton<KillSwitchResults>();
        services.AddScoped<ExitLegRunner>();
        services.AddScoped<IExitService, ExitService>();
        services.AddScoped<KillSwitchService>();
        return services;
    }
}
