using System.Collections.Concurrent;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Scheduling;

/// <summary>
/// Reads each live account's order book a little before an auto-executed run is due (<see cref="SchedulingOptions.WarmUpLead"/>).
/// </summary>
/// <remarks>
/// Why: the first orders of a process paid for everything cold at the due instant: a connection (and at a real broker a
/// TLS handshake) per account, the session's decryption, the broker client and the code paths themselves (issue #19:
/// the first run of a process took 7.5 s of CPU, later ones 3.5 s). A read through the very client the run will use
/// opens the connection it will reuse and runs the same code. It also finds a session that the broker ended since the
/// last sweep, so the run skips that account with the reason instead of learning it from a refused order. Nothing is
/// placed here; a failure is only logged: the run itself never depends on its warm-up.
/// </remarks>
internal sealed partial class RunWarmUp(
    IServiceScopeFactory scopes,
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    IOptions<SchedulingOptions> options,
    ILogger<RunWarmUp> logger)
{
    // Once per schedule and due instant; older entries are dropped as runs pass.
    private readonly ConcurrentDictionary<(Guid Schedule, DateTimeOffset Due), byte> _warmed = new();

    /// <summary>Warms <paramref name="schedule"/>'s accounts when its next run is within the lead and not warmed yet; returns the accounts read.</summary>
    public async Task<int> WarmIfDueSoonAsync(Schedule schedule, DateTimeOffset due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lead = options.Value.WarmUpLead;
        if (!schedule.AutoExecute || lead <= TimeSpan.Zero || due <= now || due - now > lead || !_warmed.TryAdd((schedule.Id, due), 0))
        {
            return 0;
        }

        foreach (var old in _warmed.Keys.Where(k => k.Due < now))
        {
            _warmed.TryRemove(old, out _);
        }

        // It must be over before the run is due: the tick that warms holds the scheduler until it returns.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter((due - now) / 2);
        try
        {
            return await WarmAsync(schedule, bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogCutShort(logger, schedule.Id);
            return 0;
        }
    }

    private async Task<int> WarmAsync(Schedule schedule, CancellationToken cancellationToken)
    {
        IReadOnlyList<Guid> accountIds;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            accountIds = await ScheduleAccounts.OfAsync(db, schedule, cancellationToken);
        }

        IReadOnlyDictionary<Guid, AccountSessionView> views;
        await using (var scope = SchedulerScope.For(scopes, schedule.OwnerId))
        {
            views = await scope.ServiceProvider.GetRequiredService<ISessionService>().GetViewsAsync(cancellationToken);
        }

        var live = accountIds.Distinct().Where(id => views.TryGetValue(id, out var view) && view.State == SessionState.Active).ToList();
        var read = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxParallelAccounts, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(live, parallel, async (accountId, ct) =>
        {
            // One scope per account, as the run uses: the account's client and session are resolved the same way.
            await using var scope = SchedulerScope.For(scopes, schedule.OwnerId);
            try
            {
                await scope.ServiceProvider.GetRequiredService<ISessionService>().CallBrokerAsync(accountId, (client, token) => client.GetOrdersAsync(token), ct);
                Interlocked.Increment(ref read);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A refused or failed read changes nothing for the run (an ended session is recorded by the gateway itself).
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogAccountNotWarmed(logger, schedule.Id, accountId, ex.GetType().Name);
            }
        });
        LogWarmed(logger, schedule.Id, read, live.Count);
        return read;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {ScheduleId}: warmed {Read} of {Live} live accounts before its run")]
    private static partial void LogWarmed(ILogger logger, Guid scheduleId, int read, int live);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {ScheduleId}: account {AccountId} not warmed ({Error}); the run goes ahead as planned")]
    private static partial void LogAccountNotWarmed(ILogger logger, Guid scheduleId, Guid accountId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {ScheduleId}: warm-up cut short so the run starts on time")]
    private static partial void LogCutShort(ILogger logger, Guid scheduleId);
}
