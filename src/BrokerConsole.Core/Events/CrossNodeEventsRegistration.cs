using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Persistence.Providers;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Core.Events;

/// <summary>
/// The user events that cross nodes, and on PostgreSQL the LISTEN/NOTIFY relay that carries them. On SQLite (one node
/// per database file) nothing but the kinds is registered: the hubs stay in-process, exactly as before.
/// </summary>
public static class CrossNodeEventsRegistration
{
    public static IServiceCollection AddCrossNodeEvents(this IServiceCollection services, StorageProviderKind provider, string? connectionString)
    {
        // Each shortening cuts only free text; ids, statuses and counts always travel whole.
        services.AddCrossNodeEventKind(CrossNodeEventKind.For<SessionChange>("session-change", (e, limit) => e with { Message = EventText.Cut(e.Message, limit) }));
        services.AddCrossNodeEventKind(CrossNodeEventKind.For<OrderUpdate>("order-update", (e, limit) => e with
        {
            OrderId = EventText.Cut(e.OrderId, limit),
            Status = EventText.Cut(e.Status, limit),
            TradingSymbol = EventText.Cut(e.TradingSymbol, limit),
        }));
        services.AddCrossNodeEventKind(CrossNodeEventKind.For<ScheduleRunProgress>("run-progress", (e, _) => e));
        services.AddSingleton<CrossNodeEventKinds>();
        if (provider != StorageProviderKind.PostgreSQL)
        {
            return services;
        }

        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        services.AddSingleton(new PostgresEventChannel(connectionString));
        services.AddSingleton<CrossNodeEventStatus>();
        services.AddSingleton<PostgresEventRelay>();
        services.AddSingleton<IUserEventRelay>(sp => sp.GetRequiredService<PostgresEventRelay>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresEventRelay>());
        services.AddHostedService<PostgresEventListener>();
        services.AddHealthChecks().AddCheck<CrossNodeEventsHealthCheck>("cross-node-events", failureStatus: Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded);
        return services;
    }

    /// <summary>Lets events of one more type cross nodes (a layer above Core registers its own, e.g. sign-outs).</summary>
    public static IServiceCollection AddCrossNodeEventKind(this IServiceCollection services, CrossNodeEventKind kind) => services.AddSingleton(kind);
}
