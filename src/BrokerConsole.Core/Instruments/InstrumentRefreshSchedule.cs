using BrokerConsole.Core.Cluster;
using BrokerConsole.Core.Time;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Instruments;

/// <summary>Bound from <c>Instruments</c>.</summary>
public sealed class InstrumentOptions
{
    public const string SectionName = "Instruments";

    /// <summary>Reload the masters every day before the open.</summary>
    public bool DailyRefresh { get; set; } = true;

    /// <summary>IST time of the daily reload: Kite publishes its dump once a day and says to fetch it around 08:30.</summary>
    public TimeOnly RefreshTime { get; set; } = new(8, 30);

    /// <summary>The next daily refresh strictly after <paramref name="now"/>, at <see cref="RefreshTime"/> IST whatever the server's zone.</summary>
    public DateTimeOffset NextRefresh(DateTimeOffset now)
    {
        var ist = IndianTime.ToIst(now);
        var today = new DateTimeOffset(DateOnly.FromDateTime(ist.DateTime).ToDateTime(RefreshTime), ist.Offset);
        return today > now ? today : today.AddDays(1);
    }
}

/// <summary>
/// Sleeps on the injected <see cref="TimeProvider"/> until the next 08:30 IST and reloads the masters; a failed load
/// is retried every 15 minutes until the open. Not at start-up: the sandbox's own masters are only reachable once the
/// server listens, and an empty catalog only means orders keep the symbols typed (the Instruments page loads on demand).
/// On the leading node only: the catalog is one per database. "Reload masters now" runs on the node that got the click.
/// </summary>
internal sealed partial class InstrumentRefreshSchedule(
    InstrumentMasterRefresher refresher,
    ILeadership leadership,
    IOptions<InstrumentOptions> options,
    TimeProvider time,
    ILogger<InstrumentRefreshSchedule> logger) : BackgroundService
{
    private static readonly TimeSpan _retry = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DailyRefresh)
        {
            return;
        }

        await Task.Yield();
        await leadership.RunWhileLeaderAsync(RefreshWhileLeaderAsync, stoppingToken);
    }

    private async Task RefreshWhileLeaderAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var due = options.Value.NextRefresh(time.GetUtcNow());
                await Task.Delay(due - time.GetUtcNow() is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero, time, stoppingToken);
                // Until 09:15 IST a failed load is retried; after that the day's catalog stays as it is.
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    if (await TryRefreshAsync(stoppingToken))
                    {
                        break;
                    }

                    await Task.Delay(_retry, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> TryRefreshAsync(CancellationToken stoppingToken)
    {
        try
        {
            return (await refresher.RefreshAsync(stoppingToken)).Succeeded;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failed load (e.g. a locked database) must not stop the daily schedule.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The daily instrument refresh failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
