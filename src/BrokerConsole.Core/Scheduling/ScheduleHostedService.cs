using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Scheduling;

/// <summary>
/// Wakes at the next due or warning instant (at most <see cref="SchedulingOptions.MaxSleep"/> later, so a
/// new or edited schedule is picked up) and ticks the runner. Times come from <see cref="TimeProvider"/>,
/// so the server's zone never matters and tests can drive it.
/// </summary>
internal sealed partial class ScheduleHostedService(
    IScheduleRunner runner,
    IOptions<SchedulingOptions> options,
    TimeProvider time,
    ILogger<ScheduleHostedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

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
