using System.Collections.Concurrent;
using BrokerConsole.Core.Persistence.Providers;
using Npgsql;

namespace BrokerConsole.Core.Cluster;

/// <summary>
/// Who executes a schedule or basket run right now. A run is executed only under a claim, held until it is done, so a
/// run still Running in the database is "interrupted" only when nobody holds its claim: its executor is gone. A live
/// run of another node is never taken for an interrupted one.
/// </summary>
internal interface IRunOwnership
{
    /// <summary>Claims <paramref name="runId"/> (also before its row exists) for as long as the returned handle lives; null when a live executor holds it.</summary>
    Task<IAsyncDisposable?> TryClaimAsync(Guid runId, CancellationToken cancellationToken);
}

/// <summary>SQLite: one node per database, so claims held in this process are all the claims there are.</summary>
internal sealed class InProcessRunOwnership : IRunOwnership
{
    private readonly ConcurrentDictionary<Guid, Claim> _held = new();

    public Task<IAsyncDisposable?> TryClaimAsync(Guid runId, CancellationToken cancellationToken)
    {
        var claim = new Claim(this, runId);
        return Task.FromResult<IAsyncDisposable?>(_held.TryAdd(runId, claim) ? claim : null);
    }

    private sealed class Claim(InProcessRunOwnership owner, Guid runId) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            owner._held.TryRemove(new KeyValuePair<Guid, Claim>(runId, this));
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// PostgreSQL: a session advisory lock per executing run, on a connection of its own held while the run executes. The
/// server drops it when the executing node's session ends (exit, kill, or a vanished node after its keepalive), which is
/// exactly when the run may be resumed elsewhere.
/// </summary>
internal sealed class AdvisoryLockRunOwnership(PostgreSqlAdvisoryLocks locks) : IRunOwnership
{
    public async Task<IAsyncDisposable?> TryClaimAsync(Guid runId, CancellationToken cancellationToken)
    {
        var connection = await locks.OpenAsync("run " + runId.ToString("N")[..8], cancellationToken);
        try
        {
            if (await PostgreSqlAdvisoryLocks.TryTakeAsync(connection, PostgreSqlAdvisoryLocks.RunSpace, PostgreSqlAdvisoryLocks.RunKey(runId), cancellationToken))
            {
                // Closing the unpooled connection ends the session, which releases the lock.
                return new Claim(connection);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    private sealed class Claim(NpgsqlConnection connection) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
