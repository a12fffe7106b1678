using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BrokerConsole.Core.Brokers.CredentialChecks;

public static class CredentialCheckRegistration
{
    /// <summary>One <see cref="ICredentialCheck"/> per broker and the <see cref="ICredentialChecker"/> that picks one.</summary>
    public static IServiceCollection AddCredentialChecks(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Transient<ICredentialCheck, ZerodhaCredentialCheck>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<ICredentialCheck, AngelOneCredentialCheck>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<ICredentialCheck, DhanCredentialCheck>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<ICredentialCheck, FyersCredentialCheck>());
        services.TryAddTransient<ICredentialChecker, CredentialChecker>();
        return services;
    }
}
