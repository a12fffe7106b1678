using BrokerConsole.Core.Persistence.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Cluster;

/// <summary>Who leads and who owns a run, by storage provider: SQLite has one node per file, PostgreSQL may have several.</summary>
internal static class ClusterRegistration
{
    public static void AddCluster(IServiceCollection services, IStorageProvider storage, IConfiguration configuration)
    {
        services.AddOptions<NodeOptions>().BindConfiguration(NodeOptions.SectionName);
        services.AddOptions<LeaseOptions>().BindConfiguration(LeaseOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        if (storage.Kind != StorageProviderKind.PostgreSQL)
        {
            services.TryAddSingleton<ILeadership, SingleNodeLeadership>();
            services.TryAddSingleton<IRunOwnership, InProcessRunOwnership>();
            return;
        }

        var connectionString = configuration.GetConnectionString(StorageProviderSelection.ConnectionStringName)!;
        services.TryAddSingleton(sp => new PostgresLease(
            connectionString,
            sp.GetRequiredService<IOptions<NodeOptions>>(),
            sp.GetRequiredService<IOptions<LeaseOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PostgresLease>>()));
        services.TryAddSingleton<ILeadership>(sp => sp.GetRequiredService<PostgresLease>());
        // Registered before the leader-only services: hosts stop in reverse order, so they stop before the lease is released.
        services.AddHostedService(sp => sp.GetRequiredService<PostgresLease>());
        services.TryAddSingleton<IRunOwnership>(sp => new AdvisoryLockRunOwnership(
            new PostgreSqlAdvisoryLocks(connectionString, "BrokerConsole", sp.GetRequiredService<IOptions<LeaseOptions>>().Value.CheckTimeout)));
    }
}
