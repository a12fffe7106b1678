using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BrokerConsole.Core.Events;

/// <summary>
/// On PostgreSQL, whether this node receives the other nodes' live updates: Healthy while its LISTEN is live, Degraded
/// before the first one and while it reconnects. Events sent meanwhile are not replayed (the tabs on this node catch up at
/// their next change), which is what an operator watching /healthz needs to know.
/// </summary>
internal sealed class CrossNodeEventsHealthCheck(CrossNodeEventStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["listening"] = status.IsListening,
            ["connections"] = status.Connections,
        };
        if (status.IsListening)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Receiving the other nodes' live updates.", data));
        }

        return Task.FromResult(HealthCheckResult.Degraded(
            status.Connections == 0
                ? "Not listening for the other nodes' live updates yet."
                : "Reconnecting to receive the other nodes' live updates; tabs on this node miss the updates sent meanwhile.",
            data: data));
    }
}
