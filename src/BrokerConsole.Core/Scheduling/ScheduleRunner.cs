using System.Security.Claims;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Notifications;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Core.Time;
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
    ScheduleRunNotifier notifier,
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
            var candidate = due - warning > now ? due - warning : due;
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
            LogResuming(logger, runId);
            await ExecuteRunAsync(runId, cancellationToken);
            resumed++;
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
                        switch (await CreateRunIfNewAsync(schedule, date, due, now, settings.MisfireGrace, cancellationToken))
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
                        warnings += await WarnAsync(schedule, nextDue, now, settings.PreRunWarning, cancellationToken);
                    }
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

    /// <summary>Creates the run (and its items) once per (schedule, date); the unique index settles races.</summary>
    private async Task<(MisfireDecision Decision, Guid? RunId)> CreateRunIfNewAsync(
        Schedule schedule, DateOnly date, DateTimeOffset due, DateTimeOffset now, TimeSpan grace, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.ScheduleRuns.AnyAsync(r => r.ScheduleId == schedule.Id && r.TradingDate == date && !r.Manual, cancellationToken))
        {
            return (MisfireDecision.NotDue, null);
        }

        var decision = ScheduleCalendar.Decide(due, now, grace);
        var run = new ScheduleRun
        {
            Id = Guid.NewGuid(),
            ScheduleId = schedule.Id,
            OwnerId = schedule.OwnerId,
            ScheduleName = schedule.Name,
            TradingDate = date,
            DueAt = due,
        };
        if (decision == MisfireDecision.Missed)
        {
            run.Status = ScheduleRunStatus.Missed;
            run.CompletedAt = now;
            run.Message = $"Missed: the app was not running at {IndianTime.Format(due)} IST and came back at {IndianTime.Format(now)} IST, " +
                $"later than the {grace.TotalMinutes:0.#}-minute grace window. Nothing was placed.";
            LogMissed(logger, schedule.Id, date);
        }
        else
        {
            run.Status = ScheduleRunStatus.Running;
            foreach (var accountId in schedule.AccountIds)
            {
                for (var i = 0; i < schedule.Orders.Count; i++)
                {
                    var order = schedule.Orders[i];
                    run.Items.Add(new ScheduleRunItem
                    {
                        Id = Guid.NewGuid(),
                        AccountId = accountId,
                        OrderIndex = i,
                        Tag = ScheduleTags.For(schedule.Id, date, accountId, i),
                        Summary = order.ToTicket(accountId).Describe(),
                        // A copy per item: EF tracks an owned instance under exactly one owner.
                        Order = ScheduledOrder.From(order.ToTicket(accountId)),
                        Status = schedule.AutoExecute ? ScheduleRunItemStatus.Pending : ScheduleRunItemStatus.Skipped,
                        Message = schedule.AutoExecute ? null : "Auto-execute is off for this schedule: nothing was placed.",
                    });
                }
            }
        }

        db.ScheduleRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone else created this run first (unique (schedule, date)): it is theirs to execute.
            return (MisfireDecision.NotDue, null);
        }

        return (decision, run.Id);
    }

    public async Task<ScheduleRun> StartNowAsync(string ownerId, Guid scheduleId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        var now = time.GetUtcNow();
        ScheduleRun run;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var schedule = await db.Schedules.AsNoTracking().SingleOrDefaultAsync(s => s.Id == scheduleId && s.OwnerId == ownerId, cancellationToken)
                ?? throw new ScheduleNotFoundException(scheduleId);
            // A double click, or a second tab, must not place the same orders twice while the first run is still going.
            if (await db.ScheduleRuns.Where(r => r.ScheduleId == scheduleId && r.Status == ScheduleRunStatus.Running).Select(r => (Guid?)r.Id)
                .FirstOrDefaultAsync(cancellationToken) is { } inFlight)
            {
                throw new ScheduleRunInFlightException(inFlight);
            }

            run = new ScheduleRun
            {
                Id = Guid.NewGuid(),
                ScheduleId = schedule.Id,
                OwnerId = ownerId,
                ScheduleName = schedule.Name,
                TradingDate = DateOnly.FromDateTime(IndianTime.ToIst(now).DateTime),
                DueAt = now,
                Status = ScheduleRunStatus.Running,
                Manual = true,
                Message = "Run now: started by you from the Schedules page, outside the schedule's clock.",
            };
            foreach (var accountId in schedule.AccountIds)
            {
                for (var i = 0; i < schedule.Orders.Count; i++)
                {
                    var order = schedule.Orders[i];
                    run.Items.Add(new ScheduleRunItem
                    {
                        Id = Guid.NewGuid(),
                        AccountId = accountId,
                        OrderIndex = i,
                        Tag = ScheduleTags.ForManualRun(run.Id, accountId, i),
                        Summary = order.ToTicket(accountId).Describe(),
                        Order = ScheduledOrder.From(order.ToTicket(accountId)),
                        Status = ScheduleRunItemStatus.Pending,
                    });
                }
            }

            db.ScheduleRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken);
        }

        LogRunNow(logger, run.Id, scheduleId);
        notifier.Publish(new ScheduleRunProgress(ownerId, run.Id, scheduleId, ScheduleRunStatus.Running, 0, run.Items.Count));
        // Not the caller's token: the page that clicked may close, the run goes on. Should the app stop first, the run is
        // still Running and the next tick resumes it (reconciling by tag), like any interrupted run.
        _ = Task.Run(() => ExecuteInBackgroundAsync(run.Id), CancellationToken.None);
        return run;
    }

    private async Task ExecuteInBackgroundAsync(Guid runId)
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

    private async Task ExecuteRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        ScheduleRun run;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            run = await db.ScheduleRuns.Include(r => r.Items).SingleAsync(r => r.Id == runId, cancellationToken);
            if (run.Status != ScheduleRunStatus.Running)
            {
                // A "Run now" run that a tick resumed first (both wait for the same gate): already finished.
                return;
            }

            run.StartedAt ??= time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }

        var total = run.Items.Count;
        var done = run.Items.Count(i => IsFinal(i.Status));
        LogRunStarting(logger, run.Id, run.ScheduleId, total);
        notifier.Publish(new ScheduleRunProgress(run.OwnerId, run.Id, run.ScheduleId, ScheduleRunStatus.Running, done, total));

        void ItemDone()
        {
            var now = Interlocked.Increment(ref done);
            notifier.Publish(new ScheduleRunProgress(run.OwnerId, run.Id, run.ScheduleId, ScheduleRunStatus.Running, now, total));
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxParallelAccounts, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(run.Items.Where(i => !IsFinal(i.Status)).GroupBy(i => i.AccountId), parallel, async (account, ct) =>
        {
            try
            {
                await RunAccountAsync(run.OwnerId, account.Key, account.OrderBy(i => i.OrderIndex).ToList(), ItemDone, ct);
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
                    await SaveItemAsync(item, ScheduleRunItemStatus.Failed, null, "Failed: an unexpected error stopped this account's orders. See the logs.");
                }
            }
        });

        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            await db.ScheduleRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Status, ScheduleRunStatus.Completed)
                .SetProperty(r => r.CompletedAt, time.GetUtcNow()), CancellationToken.None);
        }

        LogRunCompleted(logger, run.Id);
        notifier.Publish(new ScheduleRunProgress(run.OwnerId, run.Id, run.ScheduleId, ScheduleRunStatus.Completed, total, total));
    }

    private async Task RunAccountAsync(string ownerId, Guid accountId, List<ScheduleRunItem> items, Action itemDone, CancellationToken cancellationToken)
    {
        await using var scope = ScopeFor(ownerId);
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
                await SaveItemAsync(item, ScheduleRunItemStatus.Skipped, null, "Skipped: the account no longer exists.");
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
                await SaveItemAsync(item, ScheduleRunItemStatus.Skipped, null, reason);
                itemDone();
            }

            return;
        }

        foreach (var item in items)
        {
            await RunItemAsync(sessions, orders, accountId, item, cancellationToken);
            itemDone();
        }
    }

    private async Task RunItemAsync(ISessionService sessions, IOrderService orders, Guid accountId, ScheduleRunItem item, CancellationToken cancellationToken)
    {
        if (item.Status == ScheduleRunItemStatus.Sending)
        {
            // The app stopped after this item was sent (or while sending): the order book decides, never a second send.
            IReadOnlyList<BrokerOrder> book;
            try
            {
                book = await sessions.CallBrokerAsync(accountId, (client, ct) => client.GetOrdersAsync(ct), cancellationToken);
            }
            catch (Exception ex) when (ex is BrokerApiException or NoActiveSessionException)
            {
                await SaveItemAsync(item, ScheduleRunItemStatus.Failed, null,
                    $"Unknown: the run was interrupted while sending and the order book could not be read ({ex.Message}). Look for tag {item.Tag} on the Orders page; nothing was re-sent.");
                return;
            }

            var match = book.Where(o => o.Tag == item.Tag || o.Tags.Contains(item.Tag)).OrderBy(o => o.PlacedAt).FirstOrDefault();
            if (match is not null)
            {
                LogReconciled(logger, item.Tag, match.OrderId);
                await SaveItemAsync(item, match.Status == OrderStatus.Rejected ? ScheduleRunItemStatus.Rejected : ScheduleRunItemStatus.Placed, match.OrderId,
                    match.Status == OrderStatus.Rejected
                        ? $"Rejected by the broker: {match.StatusMessage ?? "no reason given"} (found in the order book after a restart)."
                        : $"Placed: order {match.OrderId}, status {match.RawStatus} (found in the order book after a restart).");
                return;
            }
        }

        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            var startedAt = time.GetUtcNow();
            // Saved before sending: a restart from here on reconciles by tag instead of placing again.
            await db.ScheduleRunItems.Where(i => i.Id == item.Id).ExecuteUpdateAsync(u => u
                .SetProperty(i => i.Status, ScheduleRunItemStatus.Sending)
                .SetProperty(i => i.StartedAt, startedAt), CancellationToken.None);
            item.Status = ScheduleRunItemStatus.Sending;
            item.StartedAt = startedAt;
        }

        try
        {
            var result = await orders.PlaceAsync(item.Order.ToTicket(accountId), item.Tag, cancellationToken);
            var status = result.Outcome switch
            {
                PlacementOutcome.Placed when result.Order?.Status == OrderStatus.Rejected => ScheduleRunItemStatus.Rejected,
                PlacementOutcome.Placed => ScheduleRunItemStatus.Placed,
                // Our own refusal (a local cap, the session gone mid-run) is not the broker's rejection: the
                // order never left, and the run page must not blame the broker for it.
                PlacementOutcome.NotPlaced when result.NotSent => ScheduleRunItemStatus.Failed,
                PlacementOutcome.NotPlaced => ScheduleRunItemStatus.Rejected,
                _ => ScheduleRunItemStatus.Failed,
            };
            await SaveItemAsync(item, status, result.OrderId, result.Message);
        }
        catch (OrderValidationException ex)
        {
            await SaveItemAsync(item, ScheduleRunItemStatus.Failed, null, "Not sent: " + ex.Message);
        }
        catch (AccountNotFoundException)
        {
            await SaveItemAsync(item, ScheduleRunItemStatus.Skipped, null, "Skipped: the account no longer exists.");
        }
    }

    private async Task SaveItemAsync(ScheduleRunItem item, ScheduleRunItemStatus status, string? orderId, string message)
    {
        var now = time.GetUtcNow();
        var text = message.Length <= 500 ? message : message[..500];
        // Not the run's token: the outcome of a sent order must be recorded even while shutting down.
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.ScheduleRunItems.Where(i => i.Id == item.Id).ExecuteUpdateAsync(u => u
            .SetProperty(i => i.Status, status)
            .SetProperty(i => i.BrokerOrderId, orderId)
            .SetProperty(i => i.Message, text)
            .SetProperty(i => i.StartedAt, item.StartedAt ?? now)
            .SetProperty(i => i.CompletedAt, now), CancellationToken.None);
        item.Status = status;
    }

    /// <summary>Tells the owner, once per account and due instant, that an account of an upcoming run needs a login.</summary>
    private async Task<int> WarnAsync(Schedule schedule, DateTimeOffset due, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        if (!schedule.AutoExecute)
        {
            return 0;
        }

        await using var scope = ScopeFor(schedule.OwnerId);
        var sessions = scope.ServiceProvider.GetRequiredService<ISessionService>();
        var accounts = scope.ServiceProvider.GetRequiredService<IAccountService>();
        var views = await sessions.GetViewsAsync(cancellationToken);
        var owned = (await accounts.ListAsync(cancellationToken)).ToDictionary(a => a.Id);
        var warned = 0;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var accountId in schedule.AccountIds)
        {
            if (!owned.TryGetValue(accountId, out var account))
            {
                continue;
            }

            var view = views.GetValueOrDefault(accountId) ?? AccountSessionView.None(accountId);
            // Live now but ending before the run (a broker's clock rule) needs a login just as much.
            var ready = view.State == SessionState.Active && (view.ExpiresAt is null || view.ExpiresAt > due);
            if (ready)
            {
                continue;
            }

            var since = due - window - TimeSpan.FromMinutes(1);
            if (await db.Notifications.AnyAsync(n => n.OwnerId == schedule.OwnerId && n.AccountId == accountId
                && n.Kind == NotificationKind.ScheduleNeedsLogin && n.CreatedAt >= since, cancellationToken))
            {
                continue;
            }

            db.Notifications.Add(new Notification
            {
                Id = Guid.NewGuid(),
                OwnerId = schedule.OwnerId,
                AccountId = accountId,
                Broker = account.Broker,
                Kind = NotificationKind.ScheduleNeedsLogin,
                Message = $"Schedule '{schedule.Name}' runs at {IndianTime.Format(due)} IST, but '{account.DisplayName}' has no live session for it. " +
                    "Log in before then, or its orders will be skipped.",
                CreatedAt = now,
            });
            warned++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return warned;
    }

    private AsyncServiceScope ScopeFor(string ownerId)
    {
        var scope = scopes.CreateAsyncScope();
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, ownerId), new Claim(ClaimTypes.Name, "scheduler")], authenticationType: "Scheduler");
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(new ClaimsPrincipal(identity));
        return scope;
    }

    private static bool IsFinal(ScheduleRunItemStatus status) =>
        status is ScheduleRunItemStatus.Placed or ScheduleRunItemStatus.Rejected or ScheduleRunItemStatus.Skipped or ScheduleRunItemStatus.Failed;

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled run {RunId} of schedule {ScheduleId} starting: {Items} items")]
    private static partial void LogRunStarting(ILogger logger, Guid runId, Guid scheduleId, int items);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run now: run {RunId} of schedule {ScheduleId} created")]
    private static partial void LogRunNow(ILogger logger, Guid runId, Guid scheduleId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run now: run {RunId} stopped with an error; the next tick resumes it")]
    private static partial void LogRunNowFailed(ILogger logger, Exception exception, Guid runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled run {RunId} completed")]
    private static partial void LogRunCompleted(ILogger logger, Guid runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resuming interrupted scheduled run {RunId}")]
    private static partial void LogResuming(ILogger logger, Guid runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled run of schedule {ScheduleId} for {Date} missed (later than the grace window)")]
    private static partial void LogMissed(ILogger logger, Guid scheduleId, DateOnly date);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tag {Tag} found in the order book after a restart: order {OrderId}")]
    private static partial void LogReconciled(ILogger logger, string tag, string orderId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled run {RunId}: account {AccountId} failed")]
    private static partial void LogAccountFailed(ILogger logger, Exception exception, Guid runId, Guid accountId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Schedule {ScheduleId} could not be processed in this tick")]
    private static partial void LogScheduleFailed(ILogger logger, Exception exception, Guid scheduleId);
}
