using BrokerConsole.Core.Cluster;
using BrokerConsole.Core.Sessions.Monitoring;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Sessions.Monitoring;

/// <summary>The background loop: sweeps at start and on every tick, and survives a sweep that throws.</summary>
public sealed class SessionHealthMonitorTests
{
    private sealed class ScriptedSweeper(FakeTimeProvider clock) : ISessionSweeper
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<SweepSummary> SweepAsync(CancellationToken cancellationToken = default)
        {
            // The second sweep fails as a whole (say, the database file is locked); the loop must go on.
            if (Interlocked.Increment(ref _calls) == 2)
            {
                throw new InvalidOperationException("database is locked");
            }

            return Task.FromResult(new SweepSummary(clock.GetUtcNow(), TimeSpan.Zero, 0, 0, 0, 0, 0, 0, 0, 0, TimeSpan.Zero, TimeSpan.Zero));
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Monitor_loop_with_a_failing_sweep_logs_it_and_keeps_sweeping()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 4, 30, 0, TimeSpan.Zero));
        var sweeper = new ScriptedSweeper(clock);
        var status = new SessionMonitorStatus(clock);
        using var logs = new CapturingLoggerProvider();
        using var loggerFactory = new LoggerFactory([logs]);
        var options = Options.Create(new SessionMonitorOptions { Interval = TimeSpan.FromMinutes(5) });
        using var monitor = new SessionHealthMonitor(sweeper, status, new SingleNodeLeadership(), options, clock, loggerFactory.CreateLogger<SessionHealthMonitor>());

        await monitor.StartAsync(CancellationToken.None);
        await WaitForAsync(() => sweeper.Calls == 1);
        clock.Advance(TimeSpan.FromMinutes(5));
        await WaitForAsync(() => sweeper.Calls == 2);
        await WaitForAsync(() => status.LastFailureAt is not null);
        clock.Advance(TimeSpan.FromMinutes(5));
        await WaitForAsync(() => sweeper.Calls == 3);
        await monitor.StopAsync(CancellationToken.None);

        Assert.Contains(logs.Lines, line => line.Contains("A session sweep failed", StringComparison.Ordinal));
        Assert.False(monitor.ExecuteTask!.IsFaulted);
    }

    [Fact]
    public async Task Monitor_loop_when_disabled_never_sweeps()
    {
        var clock = new FakeTimeProvider();
        var sweeper = new ScriptedSweeper(clock);
        var options = Options.Create(new SessionMonitorOptions { Enabled = false });
        using var monitor = new SessionHealthMonitor(sweeper, new SessionMonitorStatus(clock), new SingleNodeLeadership(), options, clock, NullLogger<SessionHealthMonitor>.Instance);

        await monitor.StartAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(1));
        // A disabled monitor's loop ends at once: its finished task is the signal, not a sleep.
        await monitor.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromHours(1));
        await monitor.StopAsync(CancellationToken.None);

        Assert.Equal(0, sweeper.Calls);
    }
}
