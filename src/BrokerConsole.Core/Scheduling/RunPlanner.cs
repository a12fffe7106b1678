using BrokerConsole.Core.Baskets;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Scheduling;

/// <summary>Creates runs with one item per (account, order) before anything is sent: clock runs once per date, and "Run now" runs.</summary>
internal sealed partial class RunPlanner(
    IDbContextFactory<BrokerConsoleDbContext> dbFactory, InstrumentCatalog instruments, RunNowQueue runNow, TimeProvider time, ILogger<RunPlanner> logger)
{
    /// <summary>Creates the run (and its items) once per (schedule, date); the unique index settles races.</summary>
    public async Task<(MisfireDecision Decision, Guid? RunId)> CreateRunIfNewAsync(
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
            AddItems(run, await PlanAsync(db, schedule, cancellationToken), (accountId, i) => ScheduleTags.For(schedule.Id, date, accountId, i), schedule.AutoExecute);
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

    /// <summary>A manual run of the owner's schedule, created now.</summary>
    /// <exception cref="ScheduleNotFoundException">Unknown or another user's.</exception>
    /// <exception cref="ScheduleRunInFlightException">A run of this schedule is still running.</exception>
    public async Task<ScheduleRun> CreateManualRunAsync(string ownerId, Guid scheduleId, CancellationToken cancellationToken)
    {
        // Claimed for this node before it is saved: the leader never takes it for an interrupted run (RunNowQueue).
        var runId = Guid.NewGuid();
        await runNow.ReserveAsync(runId, cancellationToken);
        try
        {
            return await CreateManualRunAsync(ownerId, scheduleId, runId, cancellationToken);
        }
        catch
        {
            await runNow.ReleaseAsync(runId);
            throw;
        }
    }

    private async Task<ScheduleRun> CreateManualRunAsync(string ownerId, Guid scheduleId, Guid runId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var schedule = await db.Schedules.AsNoTracking().SingleOrDefaultAsync(s => s.Id == scheduleId && s.OwnerId == ownerId, cancellationToken)
            ?? throw new ScheduleNotFoundException(scheduleId);
        // A double click, or a second tab, must not place the same orders twice while the first run is still going.
        if (await db.ScheduleRuns.Where(r => r.ScheduleId == scheduleId && r.Status == ScheduleRunStatus.Running).Select(r => (Guid?)r.Id)
            .FirstOrDefaultAsync(cancellationToken) is { } inFlight)
        {
            throw new ScheduleRunInFlightException(inFlight);
        }

        var run = new ScheduleRun
        {
            Id = runId,
            ScheduleId = schedule.Id,
            OwnerId = ownerId,
            ScheduleName = schedule.Name,
            TradingDate = DateOnly.FromDateTime(IndianTime.ToIst(now).DateTime),
            DueAt = now,
            Status = ScheduleRunStatus.Running,
            Manual = true,
            Message = "Run now: started by you from the Schedules page, outside the schedule's clock.",
        };
        // Run now is the owner's explicit action: it places even when auto-execute is off.
        AddItems(run, await PlanAsync(db, schedule, cancellationToken), (accountId, i) => ScheduleTags.ForManualRun(run.Id, accountId, i), autoExecute: true);
        db.ScheduleRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        return run;
    }

    /// <summary>What a run of the schedule places: its own orders on its accounts, or its saved basket's legs and targets as they are now.</summary>
    private async Task<SchedulePlan> PlanAsync(BrokerConsoleDbContext db, Schedule schedule, CancellationToken cancellationToken)
    {
        if (schedule.BasketId is not { } basketId)
        {
            var own = schedule.AccountIds.SelectMany(accountId => schedule.Orders.Select((order, i) =>
                new ExpandedBasketItem(accountId, i, ScheduledOrder.From(order.ToTicket(accountId)), null))).ToList();
            return new SchedulePlan(own, null);
        }

        var basket = await db.Baskets.AsNoTracking().SingleOrDefaultAsync(b => b.Id == basketId && b.OwnerId == schedule.OwnerId, cancellationToken);
        if (basket is null)
        {
            return new SchedulePlan([], "The saved basket this schedule places no longer exists: nothing was placed. Choose another basket for the schedule.");
        }

        var owned = await db.BrokerAccounts.AsNoTracking().Where(a => a.OwnerId == schedule.OwnerId)
            .Select(a => new { a.Id, a.Broker }).ToDictionaryAsync(a => a.Id, a => a.Broker, cancellationToken);
        var items = BasketExpansion.Expand(basket, owned, await instruments.GetAsync(cancellationToken));
        return new SchedulePlan(items, $"Placed the saved basket '{basket.Name}' as it was at {IndianTime.Format(time.GetUtcNow())} IST: {items.Count} order(s).");
    }

    private sealed record SchedulePlan(IReadOnlyList<ExpandedBasketItem> Items, string? Note);

    private static void AddItems(ScheduleRun run, SchedulePlan plan, Func<Guid, int, string> tagFor, bool autoExecute)
    {
        if (plan.Note is { } note)
        {
            run.Message = run.Message is null ? note : $"{run.Message} {note}";
        }

        foreach (var planned in plan.Items)
        {
            var ticket = planned.Order.ToTicket(planned.AccountId);
            var (status, message) = planned.Problem is { } problem
                ? (ScheduleRunItemStatus.Skipped, "Skipped: " + problem)
                : autoExecute
                    ? (ScheduleRunItemStatus.Pending, (string?)null)
                    : (ScheduleRunItemStatus.Skipped, "Auto-execute is off for this schedule: nothing was placed.");
            run.Items.Add(new ScheduleRunItem
            {
                Id = Guid.NewGuid(),
                AccountId = planned.AccountId,
                OrderIndex = planned.LegIndex,
                Tag = tagFor(planned.AccountId, planned.LegIndex),
                Summary = ticket.Describe(),
                // A copy per item: EF tracks an owned instance under exactly one owner.
                Order = ScheduledOrder.From(ticket),
                Status = status,
                Message = message is { Length: > 500 } ? message[..500] : message,
            });
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled run of schedule {ScheduleId} for {Date} missed (later than the grace window)")]
    private static partial void LogMissed(ILogger logger, Guid scheduleId, DateOnly date);
}
