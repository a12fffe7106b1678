using BrokerConsole.Core.Health;
using BrokerConsole.Core.Sessions.Monitoring;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Sessions.Monitoring;

/// <summary>The monitor's part of /healthz: on time, waiting for the first sweep, overdue, disabled.</summary>
public sealed class SessionMonitorHealthCheckTests
{
    private static readonly DateTimeOffset _start = new(2026, 11, 24, 4, 30, 0, TimeSpan.Zero);

    private static async Task<HealthStatus> CheckAsync(FakeTimeProvider clock, SessionMonitorStatus status, bool enabled = true)
    {
        var options = Options.Create(new SessionMonitorOptions { Enabled = enabled, Interval = TimeSpan.FromMinutes(5) });
        var result = await new SessionMonitorHealthCheck(status, options, clock).CheckHealthAsync(new HealthCheckContext());
        return result.Status;
    }

    private static SweepSummary SweepAt(DateTimeOffset at) =>
        new(at, TimeSpan.FromSeconds(1), 1, 1, 0, 0, 0, 0, 0, 1, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(5));

    [Fact]
    public async Task Monitor_check_before_first_sweep_is_healthy_within_two_intervals_then_degraded()
    {
        var clock = new FakeTimeProvider(_start);
        var status = new SessionMonitorStatus(clock);

        Assert.Equal(HealthStatus.Healthy, await CheckAsync(clock, status));
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(HealthStatus.Degraded, await CheckAsync(clock, status));
    }

    [Fact]
    public async Task Monitor_check_after_a_recent_sweep_is_healthy_and_overdue_is_degraded()
    {
        var clock = new FakeTimeProvider(_start);
        var status = new SessionMonitorStatus(clock);
        status.Completed(SweepAt(clock.GetUtcNow()));

        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(HealthStatus.Healthy, await CheckAsync(clock, status));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HealthStatus.Degraded, await CheckAsync(clock, status));
    }

    [Fact]
    public async Task Monitor_check_when_disabled_is_healthy()
    {
        var clock = new FakeTimeProvider(_start);
        var status = new SessionMonitorStatus(clock);
        clock.Advance(TimeSpan.FromHours(3));

        Assert.Equal(HealthStatus.Healthy, await CheckAsync(clock, status, enabled: false));
    }
}
