using BrokerConsole.Core.Persistence.Providers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BrokerConsole.Core.Cluster;

/// <summary>
/// The leader lease of nodes sharing one PostgreSQL database: a session advisory lock held on a connection of its own.
/// Every <see cref="LeaseOptions.CheckInterval"/> a follower tries to take it and the leader checks it still holds it;
/// the leader stops leading on the first failed check (before it could reconnect), and a node that takes the lock waits
/// <see cref="LeaseOptions.TakeoverGrace"/> before leading, so a leader cut off from the database has stopped by then.
/// Takeover: a node that exits releases at once (next check + grace: about 9 s); a node that vanishes is given up by
/// the server after about 11 s (then about 20 s). All waits are on the app's <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class PostgresLease(
    string connectionString,
    IOptions<NodeOptions> node,
    IOptions<LeaseOptions> options,
    TimeProvider time,
    ILogger<PostgresLease> logger) : BackgroundService, ILeadership
{
    private const int LeaseKey = 1;
    private readonly LeadershipState _state = new();
    private TaskCompletionSource _parked = NewParked();

    public bool IsLeader => _state.IsLeader;

    public event Action<LeadershipChange>? Changed
    {
        add => _state.Changed += value;
        remove => _state.Changed -= value;
    }

    private string NodeName => node.Value.EffectiveName;

    public Task<LeaderTerm> WaitForLeadershipAsync(CancellationToken cancellationToken) => _state.WaitAsync(cancellationToken);

    /// <summary>Completes while the lease loop waits on the clock (tests move a fake clock only then).</summary>
    internal Task ParkedAsync() => Volatile.Read(ref _parked).Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var locks = new PostgreSqlAdvisoryLocks(connectionString, "BrokerConsole lease", options.Value.CheckTimeout);
        while (!stoppingToken.IsCancellationRequested)
        {
            NpgsqlConnection? connection = null;
            var reason = "the node is stopping";
            try
            {
                connection = await locks.OpenAsync(NodeName, stoppingToken);
                reason = await HoldAsync(connection, stoppingToken) ?? reason;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException or IOException or OperationCanceledException)
            {
                reason = $"its database connection failed ({ex.GetType().Name})";
                LogConnectionFailed(logger, NodeName, ex);
            }
            finally
            {
                // Stop leading first, then let the lock go: nobody may take it while this node still acts as leader.
                if (_state.End(reason))
                {
                    LogLost(logger, NodeName, reason);
                }

                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }
            }

            if (!stoppingToken.IsCancellationRequested && !await DelayAsync(options.Value.CheckInterval, stoppingToken))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Follows until the lock is free, takes it, waits out the grace, then leads until a check fails (a failed round
    /// trip throws). Returns why it stopped leading, or null when the app stops.
    /// </summary>
    private async Task<string?> HoldAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        while (!await PostgreSqlAdvisoryLocks.TryTakeAsync(connection, PostgreSqlAdvisoryLocks.LeaseSpace, LeaseKey, stoppingToken))
        {
            if (!await DelayAsync(options.Value.CheckInterval, stoppingToken))
            {
                return null;
            }
        }

        LogTaken(logger, NodeName, options.Value.TakeoverGrace.TotalSeconds);
        if (!await DelayAsync(options.Value.TakeoverGrace, stoppingToken))
        {
            return null;
        }

        do
        {
            if (!await PostgreSqlAdvisoryLocks.HoldsAsync(connection, PostgreSqlAdvisoryLocks.LeaseSpace, LeaseKey, stoppingToken))
            {
                return "the database no longer shows its lease lock";
            }

            if (!IsLeader)
            {
                LogLeading(logger, NodeName, _state.Begin("took the lease"));
            }
        }
        while (await DelayAsync(options.Value.CheckInterval, stoppingToken));
        return null;
    }

    /// <summary>Waits on the app's clock; false when the app stops first.</summary>
    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var parked = Volatile.Read(ref _parked);
        // The timer's callback runs inside a fake clock's Advance: "not parked" is visible before Advance returns.
        using var timer = time.CreateTimer(_ =>
        {
            Interlocked.CompareExchange(ref _parked, NewParked(), parked);
            fired.TrySetResult();
        }, null, delay, Timeout.InfiniteTimeSpan);
        await using var registration = stoppingToken.Register(() => fired.TrySetResult());
        parked.TrySetResult();
        await fired.Task;
        return !stoppingToken.IsCancellationRequested;
    }

    public override void Dispose()
    {
        base.Dispose();
        _state.Dispose();
    }

    private static TaskCompletionSource NewParked() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node} took the leader lease; it leads in {GraceSeconds} s unless it loses it first")]
    private static partial void LogTaken(ILogger logger, string node, double graceSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} is now the leader (term {Term}): it runs the sweep, the scheduler, the morning reminder and the instrument refresh")]
    private static partial void LogLeading(ILogger logger, string node, long term);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} is no longer the leader: {Reason}")]
    private static partial void LogLost(ILogger logger, string node, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node}: the lease connection failed; trying again")]
    private static partial void LogConnectionFailed(ILogger logger, string node, Exception exception);
}
