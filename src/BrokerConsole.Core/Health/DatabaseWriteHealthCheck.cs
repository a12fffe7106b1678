using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BrokerConsole.Core.Health;

/// <summary>
/// The database takes a write: a one-row upsert into <c>HealthProbes</c>. Reads keep working on a full disk, a
/// read-only file or a database another process holds locked, and then every order's intent fails to save;
/// this check says so (Degraded) before an order meets it.
/// </summary>
internal sealed class DatabaseWriteHealthCheck(IDbContextFactory<BrokerConsoleDbContext> dbFactory, TimeProvider time) : IHealthCheck
{
    /// <summary>How long the probe waits for a lock: a held lock is the finding, not something to wait out.</summary>
    internal static readonly TimeSpan LockWait = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.Database.SetCommandTimeout(LockWait);
            var now = time.GetUtcNow().UtcTicks;
            await db.Database.ExecuteSqlInterpolatedAsync(
                // Quoted names and ON CONFLICT: the same statement on SQLite and PostgreSQL (which folds unquoted names to lower case).
                $"INSERT INTO \"HealthProbes\" (\"Id\", \"WrittenAt\") VALUES ({HealthProbe.SingleId}, {now}) ON CONFLICT (\"Id\") DO UPDATE SET \"WrittenAt\" = excluded.\"WrittenAt\";",
                cancellationToken);
            return HealthCheckResult.Healthy("The database takes writes.");
        }
#pragma warning disable CA1031 // A health check reports failures; it must not throw them.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            // Exception text can hold the file path: the log has it, the anonymous endpoint does not.
            return HealthCheckResult.Degraded("The database does not take writes (disk full, read-only or locked): orders cannot be recorded.", ex);
        }
    }
}
