using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BrokerConsole.Core.Brokers.CredentialChecks;

public static class CredentialCheckRegistration
{
    /// <summary>The <see cref="ICredentialChecker"/> that picks the broker's own <see cref="ICredentialCheck"/> (each module registers its check).</summary>
    public static IServiceCollection AddCredentialChecks(this IServiceCollection services)
    {
        services.TryAddTransient<ICredentialChecker, CredentialChecker>();
        return services;
    }
}
