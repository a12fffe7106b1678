using BrokerConsole.Core.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Sessions.Monitoring;

/// <summary>
/// Runs a sweep at start and then every <see cref="SessionMonitorOptions.Interval"/>, on the leading node only (one sweep
/// per database, retention clean-up included); a node that becomes leader sweeps at once. A failed sweep is logged and
/// the next tick tries again: nothing in here may bring the host down.
/// </summary>
internal sealed partial class SessionHealthMonitor(
    ISessionSweeper sweeper,
    SessionMonitorStatus status,
    ILeadership leadership,
    IOptions<SessionMonitorOptions> options,
    TimeProvider time,
    ILogger<SessionHealthMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        // Yield first: ExecuteAsync runs inside host start-up until its first await.
        await Task.Yield();
        await leadership.RunWhileLeaderAsync(SweepWhileLeaderAsync, stoppingToken);
    }

    private async Task SweepWhileLeaderAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        using var timer = new PeriodicTimer(o.Interval, time);
        do
        {
            try
            {
                await sweeper.SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The monitor must outlive any one failed sweep (e.g. a locked or missing database).
            catch (Exception ex)
#pragma warning restore CA1031
            {
                status.Failed(time.GetUtcNow());
                LogSweepFailed(logger, ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The session health monitor is disabled (Sessions:Monitor:Enabled=false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "A session sweep failed; the next one runs at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
