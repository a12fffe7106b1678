using Npgsql;

namespace BrokerConsole.Core.Persistence.Providers;

/// <summary>
/// PostgreSQL session advisory locks on connections of their own: the lock lives exactly as long as the server session
/// that took it, so a node that exits (cleanly or killed: the OS closes its socket) releases it at once, and a node that
/// vanishes (power, network) releases it when the server's TCP keepalive gives up on it, which is set here to about
/// 11 s. Npgsql directly rather than DistributedLock.Postgres: we need the loss check on the app's TimeProvider (tests
/// move a fake clock) and the server-side keepalive settings per connection, and it is two SQL calls on a driver we
/// already ship.
/// </summary>
internal sealed class PostgreSqlAdvisoryLocks(string connectionString, string applicationName, TimeSpan commandTimeout)
{
    /// <summary>The first key of the two-key lock form for the leader lease.</summary>
    public const int LeaseSpace = 0x42434C53; // "BCLS"

    /// <summary>The first key for run ownership: one lock per executing run.</summary>
    public const int RunSpace = 0x42435255; // "BCRU"

    /// <summary>
    /// A connection that is never pooled (closing it ends the server session, which releases its locks) and whose server
    /// side gives up on a silent client after 5 s idle + 3 probes 2 s apart, or 10 s of unacknowledged data.
    /// </summary>
    public async Task<NpgsqlConnection> OpenAsync(string purpose, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = $"{applicationName} {purpose}",
            CommandTimeout = Math.Max(1, (int)Math.Ceiling(commandTimeout.TotalSeconds)),
            Timeout = Math.Max(1, (int)Math.Ceiling(commandTimeout.TotalSeconds)),
            TcpKeepAlive = true,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var settings = new NpgsqlCommand(
                "SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3; SET tcp_user_timeout = 10000", connection);
            await settings.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Takes the lock if nobody holds it; never waits.</summary>
    public static async Task<bool> TryTakeAsync(NpgsqlConnection connection, int space, int key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1, $2)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = space });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Whether this connection's session still holds the lock: a round trip that also proves the connection alive.</summary>
    public static async Task<bool> HoldsAsync(NpgsqlConnection connection, int space, int key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // The two-key form shows as classid/objid with objsubid 2; both keys are kept non-negative, so the oid casts are exact.
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted " +
            "AND classid = $1::bigint::oid AND objid = $2::bigint::oid AND objsubid = 2)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = space });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>A run's key: 31 bits of its id (a collision only makes a run wait for another's end, never run twice).</summary>
    public static int RunKey(Guid runId) => BitConverter.ToInt32(runId.ToByteArray(), 0) & int.MaxValue;
}
