using BrokerConsole.Core.Cluster;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Sessions.Monitoring;
using BrokerConsole.Tests.Sandbox.Kite;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace BrokerConsole.Tests.Cluster;

/// <summary>
/// Two nodes ("node-a", "node-b") on one PostgreSQL database, one Kite sandbox and one fake clock, each with its real
/// leader lease and its hosted services on. The clock moves only in <see cref="AdvanceUntilAsync"/>, one second at a time
/// and only while every live node's lease waits on it, so no timer is passed by unseen.
/// </summary>
internal sealed class LeaseNodes : IAsyncDisposable
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(1);
    private readonly string _database = PostgresCluster.CreateDatabase();
    private readonly HashSet<TestApp> _stopped = [];

    private LeaseNodes()
    {
    }

    public TestApp A { get; private set; } = null!;

    public TestApp B { get; private set; } = null!;

    /// <summary>The broker both nodes call: a host of its own, so it outlives a stopped node.</summary>
    public KiteSandboxHost Sandbox { get; private set; } = null!;

    public FakeTimeProvider Clock => Sandbox.Clock!;

    public static async Task<LeaseNodes> StartAsync(Func<AppFixture, AppFixture>? configure = null)
    {
        var nodes = new LeaseNodes();
        configure ??= f => f;
        nodes.Sandbox = await KiteSandboxHost.StartAsync();
        nodes.A = await configure(nodes.Node("node-a")).StartAsync();
        _ = nodes.A.Services; // migrates the shared database once, before the second node starts
        nodes.B = await configure(nodes.Node("node-b").WithDataDirectory(nodes.A.DataDirectory)).StartAsync();
        _ = nodes.B.Services;
        return nodes;
    }

    private AppFixture Node(string name)
    {
        var node = AppFixture.Create().OnPostgres(_database).WithClock(Clock).WithSetting("Sandbox:Enabled", "false");
        foreach (var (key, path) in SandboxRoutes.For(Core.Accounts.BrokerKind.Zerodha))
        {
            node.WithSetting(key, Sandbox.BaseUrl[..^"/kite".Length] + path);
        }

        return node.AddSpies(name);
    }

    public static PostgresLease Lease(TestApp node) => node.Services.GetRequiredService<PostgresLease>();


    public static ILeadership Leadership(TestApp node) => node.Services.GetRequiredService<ILeadership>();

    /// <summary>Stops a node the way its host stops (the lease goes with it); the node is not advanced any more.</summary>
    public async Task StopAsync(TestApp node)
    {
        _stopped.Add(node);
        await node.DisposeAsync();
        await WaitUntilLeaseIsFreeAsync();
    }

    /// <summary>
    /// Waits, blocked inside the server's own lock wait, until no session holds the lease: a closed or terminated session
    /// ends a moment after its client is told, and the fake clock runs far faster than that moment.
    /// </summary>
    public async Task WaitUntilLeaseIsFreeAsync()
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        foreach (var sql in new[] { "SELECT pg_advisory_lock($1, 1)", "SELECT pg_advisory_unlock($1, 1)" })
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 60 };
            command.Parameters.Add(new NpgsqlParameter { Value = Core.Persistence.Providers.PostgreSqlAdvisoryLocks.LeaseSpace });
            await command.ExecuteScalarAsync();
        }
    }

    /// <summary>Moves the clock a second at a time, each time once every live lease is parked on it, until <paramref name="done"/>; the clock time it took.</summary>
    public async Task<TimeSpan> AdvanceUntilAsync(Func<bool> done, TimeSpan? limit = null)
    {
        var moved = TimeSpan.Zero;
        var live = new[] { A, B }.Where(n => !_stopped.Contains(n)).ToList();
        while (true)
        {
            await Task.WhenAll(live.Select(n => Lease(n).ParkedAsync())).WaitAsync(TimeSpan.FromSeconds(30));
            if (done())
            {
                return moved;
            }

            Assert.True(moved < (limit ?? TimeSpan.FromMinutes(2)), $"Still not there after {moved} on the clock. {LeaseLog()}");
            Clock.Advance(Step);
            moved += Step;
        }
    }

    /// <summary>What the nodes logged about the lease, for a failure's message.</summary>
    public string LeaseLog() => string.Join(" | ", new[] { A, B }.SelectMany(n => n.Logs.Lines)
        .Where(l => l.Contains("lease", StringComparison.OrdinalIgnoreCase) || l.Contains("leader", StringComparison.OrdinalIgnoreCase)));

    /// <summary>Ends the server session that holds <paramref name="node"/>'s lease lock, as a dropped connection or an operator would.</summary>
    public async Task KillLeaseConnectionAsync(TestApp node, string name)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = "BrokerConsole lease " + name });
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
        await WaitUntilLeaseIsFreeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in new[] { B, A }.Where(n => n is not null && !_stopped.Contains(n)))
        {
            await node.DisposeAsync();
        }

        PostgresCluster.DropDatabase(_database);
        await Sandbox.DisposeAsync();
    }
}

internal static class LeaseNodeSettings
{
    public static AppFixture AddSpies(this AppFixture node, string name) => node
        .WithSetting("Node:Name", name)
        .WithSetting("Brokers:Zerodha:ReadRetryCount", "0")
        .WithServices(services =>
        {
            // Spies around the real sweeper and scheduler: they count what the hosted services did on this node.
            services.AddSingleton<SessionSweeper>();
            services.AddSingleton(sp => new SweepSpy(sp.GetRequiredService<SessionSweeper>()));
            services.AddSingleton<ISessionSweeper>(sp => sp.GetRequiredService<SweepSpy>());
            services.AddSingleton<ScheduleRunner>();
            services.AddSingleton(sp => new TickSpy(sp.GetRequiredService<ScheduleRunner>()));
            services.AddSingleton<IScheduleRunner>(sp => sp.GetRequiredService<TickSpy>());
        });
}

/// <summary>The real sweeper, counted: how many sweeps this node ran.</summary>
internal sealed class SweepSpy(ISessionSweeper inner) : ISessionSweeper
{
    private int _sweeps;
    private TaskCompletionSource _swept = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Sweeps => Volatile.Read(ref _sweeps);

    /// <summary>Completes at the next sweep's end.</summary>
    public Task NextSweep => Volatile.Read(ref _swept).Task;

    public async Task<SweepSummary> SweepAsync(CancellationToken cancellationToken = default)
    {
        var summary = await inner.SweepAsync(cancellationToken);
        Interlocked.Increment(ref _sweeps);
        Interlocked.Exchange(ref _swept, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return summary;
    }
}

/// <summary>The real scheduler, counted: how many ticks this node ran.</summary>
internal sealed class TickSpy(IScheduleRunner inner) : IScheduleRunner
{
    private int _ticks;
    private TaskCompletionSource _ticked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Ticks => Volatile.Read(ref _ticks);

    /// <summary>Completes at the next tick's end.</summary>
    public Task NextTick => Volatile.Read(ref _ticked).Task;

    public async Task<TickSummary> TickAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var summary = await inner.TickAsync(now, cancellationToken);
        Interlocked.Increment(ref _ticks);
        Interlocked.Exchange(ref _ticked, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return summary;
    }

    public Task<ScheduleRun> StartNowAsync(string ownerId, Guid scheduleId, CancellationToken cancellationToken = default) =>
        inner.StartNowAsync(ownerId, scheduleId, cancellationToken);

    public Task ExecuteQueuedRunAsync(Guid runId) => inner.ExecuteQueuedRunAsync(runId);

    public Task<DateTimeOffset?> NextWakeAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        inner.NextWakeAsync(now, cancellationToken);
}
