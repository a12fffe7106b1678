using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Scheduling;

/// <summary>
/// Acts for every user: reads schedules across owners, then does each owner's work in a scope whose
/// <see cref="CurrentUser"/> is that owner (docs/decisions/0002), so orders go through the same
/// user-scoped <see cref="IOrderService"/> as manual ones.
/// </summary>
internal sealed partial class ScheduleRunner(
    IServiceScopeFactory scopes,
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    IHolidayCalendar holidays,
    UserEventHub<ScheduleRunProgress> notifier,
    RunItemWriter writer,
    RunResumption resumption,
    PreRunWarner warner,
    RunWarmUp warmUp,
    RunPlanner planner,
    RunNowQueue runNow,
    Notifications.Trading.RunFinishedNotices finished,
    IOptions<SchedulingOptions> options,
    TimeProvider time,
    ILogger<ScheduleRunner> logger) : IScheduleRunner, IDisposable
{
    // One tick at a time: the timer's and a test's must not create or execute the same run twice.
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public void Dispose() => _oneAtATime.Dispose();

    public async Task<DateTimeOffset?> NextWakeAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var warning = options.Value.PreRunWarning;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var schedules = await db.Schedules.AsNoTracking().Where(s => s.Enabled).ToListAsync(cancellationToken);
        DateTimeOffset? next = null;
        foreach (var schedule in schedules)
        {
            if (ScheduleCalendar.NextDue(schedule.Days, schedule.TimeOfDay, now, holidays) is not { } date)
            {
                continue;
            }

            var due = ScheduleCalendar.DueAt(date, schedule.TimeOfDay);
            // The warning, then the warm-up, then the run itself: the earliest still ahead.
            var candidate = new[] { due - warning, due - options.Value.WarmUpLead, due }.Where(c => c > now).DefaultIfEmpty(due).Min();
            next = next is null || candidate < next ? candidate : next;
        }

        return next;
    }

    public async Task<TickSummary> TickAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            return await TickCoreAsync(now, cancellationToken);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<TickSummary> TickCoreAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        int executed = 0, missed = 0, resumed = 0, warnings = 0;
        List<Schedule> schedules;
        List<Guid> interrupted;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            schedules = await db.Schedules.AsNoTracking().Where(s => s.Enabled).ToListAsync(cancellationToken);
            interrupted = await db.ScheduleRuns.AsNoTracking().Where(r => r.Status == ScheduleRunStatus.Running).Select(r => r.Id).ToListAsync(cancellationToken);
        }

        // A run still Running here was cut off by a restart: finish it. Its items reconcile by tag first.
        foreach (var runId in interrupted)
        {
            resumed += await ExecuteRunAsync(runId, cancellationToken) ? 1 : 0;
        }

        foreach (var schedule in schedules)
        {
            try
            {
                if (ScheduleCalendar.LatestDue(schedule.Days, schedule.TimeOfDay, now, holidays) is { } date)
                {
                    var due = ScheduleCalendar.DueAt(date, schedule.TimeOfDay);
                    // An occurrence due before the schedule existed is neither run nor reported as missed.
                    if (due >= schedule.CreatedAt)
                    {
                        switch (await planner.CreateRunIfNewAsync(schedule, date, due, now, settings.MisfireGrace, cancellationToken))
                        {
                            case (MisfireDecision.Execute, { } runId):
                                await ExecuteRunAsync(runId, cancellationToken);
                                executed++;
                                break;
                            case (MisfireDecision.Missed, _):
                                missed++;
                                break;
                        }
                    }
                }

                if (ScheduleCalendar.NextDue(schedule.Days, schedule.TimeOfDay, now, holidays) is { } nextDate)
                {
                    var nextDue = ScheduleCalendar.DueAt(nextDate, schedule.TimeOfDay);
                    if (nextDue - now <= settings.PreRunWarning)
                    {
                        warnings += await warner.WarnAsync(schedule, nextDue, now, settings.PreRunWarning, cancellationToken);
                    }

                    await warmUp.WarmIfDueSoonAsync(schedule, nextDue, now, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // One schedule's failure (a bad calendar entry, a locked row) must not stop every other user's runs.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogScheduleFailed(logger, ex, schedule.Id);
            }
        }

        return new TickSummary(executed, missed, resumed, warnings);
    }

    public async Task<ScheduleRun> StartNowAsync(string ownerId, Guid scheduleId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        var run = await planner.CreateManualRunAsync(ownerId, scheduleId, cancellationToken);
        LogRunNow(logger, run.Id, scheduleId);
        notifier.Post(ownerId, new ScheduleRunProgress(ownerId, run.Id, scheduleId, ScheduleRunStatus.Running, 0, run.Items.Count));
        // Executed by the hosted service, not on the caller's token: the page that clicked may close, the run goes on.
        // Should the app stop first, the run is still Running and the next tick resumes it (reconciling by tag).
        runNow.Enqueue(run.Id);
        return run;
    }

    public async Task ExecuteQueuedRunAsync(Guid runId)
    {
        try
        {
            // One at a time with ticks: a tick must not resume this run while it is executing here.
            await _oneAtATime.WaitAsync();
            try
            {
                await ExecuteRunAsync(runId, CancellationToken.None);
            }
            finally
            {
                _oneAtATime.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            // Shutting down: the run stays Running and the next start resumes it.
        }
#pragma warning disable CA1031 // A background run has no caller to throw to; its failure is logged and the run resumes at the next tick.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogRunNowFailed(logger, ex, runId);
        }
    }

    /// <summary>Executes the run under this node's claim; false when it was not this node's to execute (claimed, or finished).</summary>
    private async Task<bool> ExecuteRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        // Executed only under this node's claim: a run Running in the database whose executor lives is not "interrupted".
        await using var claim = await runNow.ClaimAsync(runId, cancellationToken);
        if (claim is null)
        {
            return false;
        }

        ScheduleRun run;
        bool wasStarted;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            run = await db.ScheduleRuns.Include(r => r.Items).SingleAsync(r => r.Id == runId, cancellationToken);
            if (run.Status != ScheduleRunStatus.Running)
            {
                // A "Run now" run that a tick resumed first (both wait for the same gate): already finished.
                return false;
            }

            wasStarted = run.StartedAt is not null;
            run.StartedAt ??= time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }

        // Started before and still Running: a restart (or a failure) cut it off. Say so at run level.
        if (wasStarted)
        {
            LogResuming(logger, run.Id);
            await resumption.MarkResumedAsync(run, cancellationToken);
        }

        var total = run.Items.Count;
        var done = run.Items.Count(i => IsFinal(i.Status));
        LogRunStarting(logger, run.Id, run.ScheduleId, total);
        notifier.Post(run.OwnerId, new ScheduleRunProgress(run.OwnerId, run.Id, run.ScheduleId, ScheduleRunStatus.Running, done, total));

        void ItemDone()
        {
            var now = Interlocked.Increment(ref done);
            notifier.Post(run.OwnerId, new ScheduleRunProgress(run.OwnerId, run.Id, run.ScheduleId, ScheduleRunStatus.Running, now, total));
        }

        // An item turned "unknown, checking": the run page shows it live.
        void Changed() => notifier.Post(run.OwnerId, new ScheduleRunProgress(run.OwnerId, run.Id, run.ScheduleId, ScheduleRunStatus.Running, Volatile.Read(ref done), total));

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxParallelAccounts, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(run.Items.Where(i => !IsFinal(i.Status)).GroupBy(i => i.AccountId), parallel, async (account, ct) =>
        {
            try
            {
                await RunAccountAsync(run, account.Key, account.OrderBy(i => i.OrderIndex).ToList(), ItemDone, Changed, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // One account's failure never blocks the others: it is recorded on its items.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogAccountFailed(logger, ex, run.Id, account.Key);
                foreach (var item in account.Where(i => !IsFinal(i.Status)))
                {
                    await writer.SaveOutcomeAsync(item, ScheduleRunItemStatus.Failed, null, MayHaveLeftText(item, "Failed: an unexpected error stopped this account's orders. See the logs."));
                }
            }
        });

        // Orders were sent: a locked database delays this record (retried in the background), it does not fail the run.
        await writer.CompleteRunAsync(run.Id);

        LogRunCompleted(logger, run.Id);
        // The items in memory hold every outcome even when the database took some late: the notice reads those.
        await finished.NotifyAsync(run);
        notifier.Post(run.OwnerId, new ScheduleRunProgress(run.OwnerId, run.Id, run.ScheduleId, ScheduleRunStatus.Completed, total, total));
        return true;
    }

    private async Task RunAccountAsync(ScheduleRun run, Guid accountId, List<ScheduleRunItem> items, Action itemDone, Action changed, CancellationToken cancellationToken)
    {
        await using var scope = SchedulerScope.For(scopes, run.OwnerId);
        var sessions = scope.ServiceProvider.GetRequiredService<ISessionService>();
        var orders = scope.ServiceProvider.GetRequiredService<IOrderService>();

        AccountSessionView view;
        try
        {
            view = await sessions.GetViewAsync(accountId, cancellationToken);
        }
        catch (AccountNotFoundException)
        {
            foreach (var item in items)
            {
                await writer.SaveOutcomeAsync(item, ScheduleRunItemStatus.Skipped, null, "Skipped: the account no longer exists.");
                itemDone();
            }

            return;
        }

        if (view.State != SessionState.Active)
        {
            var state = view.State switch
            {
                SessionState.None => "not logged in",
                SessionState.Expired => "the session has expired",
                _ => "the last session check failed",
            };
            var reason = $"Skipped: no live session ({state}). {view.Message ?? "Log in to the account before the run."}".TrimEnd();
            foreach (var item in items)
            {
                await writer.SaveOutcomeAsync(item, ScheduleRunItemStatus.Skipped, null, reason);
                itemDone();
            }

            return;
        }

        // One account's legs go in their order (the broker's margin check sees them so), each sent once its predecessor was
        // acknowledged; their outcomes are recorded together after one read of the account's book.
        var sent = new List<(ScheduleRunItem Item, PlacementResult Result)>();
        try
        {
            foreach (var item in items)
            {
                if (await RunItemAsync(orders, run, accountId, item, changed, cancellationToken) is { } result)
                {
                    sent.Add((item, result));
                }
                else
                {
                    itemDone();
                }
            }
        }
        finally
        {
            // Also when a later leg failed: what the broker acknowledged is recorded as such, not as "failed".
            await SentLegs.RecordAsync(writer, scope.ServiceProvider, accountId, sent, itemDone);
        }
    }

    /// <summary>Sends one item; returns the broker's answer to record with the account's others, or null when the item was recorded here.</summary>
    private async Task<PlacementResult?> RunItemAsync(IOrderService orders, ScheduleRun run, Guid accountId, ScheduleRunItem item, Action changed, CancellationToken cancellationToken)
    {
        // The app stopped after this item may have left: the order book decides, and nothing is sent again
        // before the request can no longer arrive (ResendRule).
        if (RunResumption.MayHaveLeft(item))
        {
            try
            {
                if (await resumption.SettleAsync(orders, run, accountId, item, changed, cancellationToken))
                {
                    return null;
                }
            }
            catch (AccountNotFoundException)
            {
                await writer.SaveOutcomeAsync(item, ScheduleRunItemStatus.Skipped, null, "Skipped: the account no longer exists.");
                return null;
            }
        }

        // Claimed in the intent's transaction (Pending -> Sending with its intent): another node that took this run too finds
        // it claimed and sends nothing. From here an error may have come after the request left, and says so.
        var claim = RunResumption.MayHaveLeft(item) ? TagClaim.Resend : TagClaim.FirstSend;
        var (status, startedAt) = (item.Status, item.StartedAt);
        item.Status = ScheduleRunItemStatus.Sending;
        item.StartedAt = time.GetUtcNow();
        try
        {
            return await orders.SendAsync(item.Order.ToTicket(accountId), item.Tag, claim, cancellationToken);
        }
        catch (TagClaimedElsewhereException)
        {
            // Another executor claimed it: it sends it and records the outcome.
            (item.Status, item.StartedAt) = (status, startedAt);
        }
        catch (OrderValidationException ex)
        {
            // Always refused before the claim: a first send's row is written only if nobody claimed it meanwhile.
            await writer.SaveOutcomeAsync(item, ScheduleRunItemStatus.Failed, null, "Not sent: " + ex.Message, unlessClaimed: claim == TagClaim.FirstSend);
        }
        catch (AccountNotFoundException)
        {
            await writer.SaveOutcomeAsync(item, ScheduleRunItemStatus.Skipped, null, "Skipped: the account no longer exists.");
        }

        return null;
    }

    /// <summary>An item that may be at the broker keeps its tag in the message, so nobody places it again by hand blindly.</summary>
    private static string MayHaveLeftText(ScheduleRunItem item, string text) => RunResumption.MayHaveLeft(item) ? $"{text} It may have reached the broker: look for tag {item.Tag} on the Orders page before placing it again." : text;

    private static bool IsFinal(ScheduleRunItemStatus status) =>
        status is ScheduleRunItemStatus.Placed or ScheduleRunItemStatus.Rejected or ScheduleRunItemStatus.Skipped or ScheduleRunItemStatus.Failed;

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled run {RunId} of schedule {ScheduleId} starting: {Items} items")]
    private static partial void LogRunStarting(ILogger logger, Guid runId, Guid? scheduleId, int items);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run now: run {RunId} of schedule {ScheduleId} created")]
    private static partial void LogRunNow(ILogger logger, Guid runId, Guid scheduleId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run now: run {RunId} stopped with an error; the next tick resumes it")]
    private static partial void LogRunNowFailed(ILogger logger, Exception exception, Guid runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled run {RunId} completed")]
    private static partial void LogRunCompleted(ILogger logger, Guid runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resuming interrupted scheduled run {RunId}")]
    private static partial void LogResuming(ILogger logger, Guid runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled run {RunId}: account {AccountId} failed")]
    private static partial void LogAccountFailed(ILogger logger, Exception exception, Guid runId, Guid accountId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Schedule {ScheduleId} could not be processed in this tick")]
    private static partial void LogScheduleFailed(ILogger logger, Exception exception, Guid scheduleId);
}
