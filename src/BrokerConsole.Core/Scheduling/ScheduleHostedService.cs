using BrokerConsole.Core.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Scheduling;

/// <summary>
/// Wakes at the next due or warning instant (at most <see cref="SchedulingOptions.MaxSleep"/> later, so a
/// new or edited schedule is picked up) and ticks the runner. Times come from <see cref="TimeProvider"/>,
/// so the server's zone never matters and tests can drive it. Beside the clock it drains "Run now": manual runs are
/// queued on <see cref="RunNowQueue"/> and executed here, even when the clock loop is off. The clock loop runs on the
/// leading node only (<see cref="ILeadership"/>); each new term starts with a tick, which resumes the runs whose executor
/// is gone, as a restart does. "Run now" and basket runs execute on the node that got the request, leader or not.
/// </summary>
internal sealed partial class ScheduleHostedService(
    IScheduleRunner runner,
    RunNowQueue runNow,
    ILeadership leadership,
    IOptions<SchedulingOptions> options,
    TimeProvider time,
    ILogger<ScheduleHostedService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(DrainRunNowAsync(stoppingToken), options.Value.Enabled ? leadership.RunWhileLeaderAsync(TickLoopAsync, stoppingToken) : Task.CompletedTask);

    private async Task DrainRunNowAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var runId in runNow.ReadAllAsync(stoppingToken))
            {
                // The run itself is not cancelled by a stop: the host's shutdown waits for the orders in progress.
                await runner.ExecuteQueuedRunAsync(runId);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a run still queued stays Running and the next start's first tick resumes it.
        }
    }

    /// <summary>Ticks until <paramref name="stoppingToken"/> ends: the app stops or this node stops leading.</summary>
    private async Task TickLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            TimeSpan sleep;
            try
            {
                // The first tick after a start also resumes interrupted runs and applies the misfire rule.
                await runner.TickAsync(now, stoppingToken);
                var next = await runner.NextWakeAsync(time.GetUtcNow(), stoppingToken);
                var max = options.Value.MaxSleep;
                sleep = next is { } at && at - time.GetUtcNow() < max ? at - time.GetUtcNow() : max;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The scheduler must survive a bad tick (e.g. a locked database) and try again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogTickFailed(logger, ex);
                sleep = options.Value.MaxSleep;
            }

            await Task.Delay(sleep < TimeSpan.Zero ? TimeSpan.Zero : sleep, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduler tick failed; trying again later")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
