using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Sessions.MorningLogin;

/// <summary>
/// Sleeps until the next reminder instant (by the injected <see cref="TimeProvider"/>, so IST holds in any
/// server zone) and sends it. Also runs once at start: a server started at 08:40 still reminds today.
/// </summary>
internal sealed partial class MorningReminderHost(
    MorningReminder reminder,
    TimeProvider time,
    ILogger<MorningReminderHost> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Yield first: ExecuteAsync runs inside host start-up until its first await.
        await Task.Yield();
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
