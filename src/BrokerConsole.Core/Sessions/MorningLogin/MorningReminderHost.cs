using BrokerConsole.Core.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Sessions.MorningLogin;

/// <summary>
/// Sleeps until the next reminder instant (by the injected <see cref="TimeProvider"/>, so IST holds in any
/// server zone) and sends it, on the leading node only (one reminder per database). Also runs once at start, and when a
/// node becomes leader: a server started at 08:40 still reminds today (the reminder itself is stored once per user and day).
/// </summary>
internal sealed partial class MorningReminderHost(
    MorningReminder reminder,
    ILeadership leadership,
    TimeProvider time,
    ILogger<MorningReminderHost> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Yield first: ExecuteAsync runs inside host start-up until its first await.
        await Task.Yield();
        await leadership.RunWhileLeaderAsync(RemindWhileLeaderAsync, stoppingToken);
    }

    private async Task RemindWhileLeaderAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await reminder.RunOnceAsync(time.GetUtcNow(), stoppingToken);
                var delay = reminder.NextDue(time.GetUtcNow()) - time.GetUtcNow();
                await Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed reminder (e.g. a locked database) must not bring the host down.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailed(logger, ex);
                try
                {
                    await Task.Delay(TimeSpan.FromMinutes(1), time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The morning login reminder failed; retrying in a minute")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
