using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Sessions.Monitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Health;

/// <summary>The SQLite database answers a trivial query.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<BrokerConsoleDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("The database is reachable.")
                : HealthCheckResult.Unhealthy("The database cannot be opened.");
        }
#pragma warning disable CA1031 // A health check reports failures; it must not throw them.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            // The exception text can hold the file path; the operator's log has it, the anonymous endpoint does not.
            return HealthCheckResult.Unhealthy("The database cannot be opened.", ex);
        }
    }
}

/// <summary>
/// The last sweep is recent: Degraded when more than two intervals passed without one (the monitor is
/// stuck or failing), Healthy otherwise, including while the first sweep is still due.
/// </summary>
internal sealed class SessionMonitorHealthCheck(SessionMonitorStatus status, IOptions<SessionMonitorOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var last = status.LastSweep;
        var data = new Dictionary<string, object>
        {
            ["enabled"] = o.Enabled,
            ["intervalSeconds"] = o.Interval.TotalSeconds,
        };
        if (last is not null)
        {
            data["lastSweepAt"] = (last.StartedAt + last.Duration).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            data["lastSweepChecked"] = last.Checked;
            data["lastSweepDurationMs"] = (long)last.Duration.TotalMilliseconds;
        }

        if (!o.Enabled)
        {
            return Task.FromResult(HealthCheckResult.Healthy("The session monitor is disabled by configuration.", data));
        }

        var since = last is null ? status.CreatedAt : last.StartedAt + last.Duration;
        var age = time.GetUtcNow() - since;
        var overdue = age > 2 * o.Interval;
        data["overdue"] = overdue;
        if (overdue)
        {
            return Task.FromResult(HealthCheckResult.Degraded(last is null
                ? $"No session sweep has completed in {age.TotalMinutes:0} minutes."
                : $"The last session sweep finished {age.TotalMinutes:0} minutes ago (interval {o.Interval.TotalMinutes:0.#} min).", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy(last is null ? "Waiting for the first session sweep." : "Session sweeps are on time.", data));
    }
}
