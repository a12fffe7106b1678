using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BrokerConsole.Core.Brokers;

public static class BrokerModuleRegistration
{
    /// <summary>
    /// Adds one broker: its own services (options, HttpClient, limiter, logins) and its module. Adding a broker to the
    /// app is one folder under <c>Core/Brokers</c> and one call of this.
    /// </summary>
    public static IServiceCollection AddBroker<TModule>(this IServiceCollection services, IConfiguration configuration)
        where TModule : class, IBrokerModule, IBrokerModuleSetup
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        TModule.AddServices(services, configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBrokerModule, TModule>());
        services.TryAddSingleton<IBrokerModules, BrokerModules>();
        return services;
    }

    /// <summary>Lets <typeparamref name="TOptions"/>' sandbox settings default to the built-in sandbox (see <see cref="SandboxRoute"/>).</summary>
    public static IServiceCollection AddSandboxRoutes<TOptions>(this IServiceCollection services, IConfiguration configuration, string section, IReadOnlyList<SandboxRoute> routes)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<Microsoft.Extensions.Options.IPostConfigureOptions<TOptions>>(sp => new SandboxRouteDefaults<TOptions>(sp, configuration, section, routes));
        return services;
    }
}
