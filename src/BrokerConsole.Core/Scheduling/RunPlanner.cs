using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Scheduling;

/// <summary>Creates runs with one item per (account, order) before anything is sent: clock runs once per date, and "Run now" runs.</summary>
internal sealed partial class RunPlanner(IDbContextFactory<BrokerConsoleDbContext> dbFactory, TimeProvider time, ILogger<RunPlanner> logger)
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
            AddItems(run, schedule, (accountId, i) => ScheduleTags.For(schedule.Id, date, accountId, i), schedule.AutoExecute);
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
        // Run now is the owner's explicit action: it places even when auto-execute is off.
        AddItems(run, schedule, (accountId, i) => ScheduleTags.ForManualRun(run.Id, accountId, i), autoExecute: true);
        db.ScheduleRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        return run;
    }

    private static void AddItems(ScheduleRun run, Schedule schedule, Func<Guid, int, string> tagFor, bool autoExecute)
    {
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
                    Tag = tagFor(accountId, i),
                    Summary = order.ToTicket(accountId).Describe(),
                    // A copy per item: EF tracks an owned instance under exactly one owner.
                    Order = ScheduledOrder.From(order.ToTicket(accountId)),
                    Status = autoExecute ? ScheduleRunItemStatus.Pending : ScheduleRunItemStatus.Skipped,
                    Message = autoExecute ? null : "Auto-execute is off for this schedule: nothing was placed.",
                });
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled run of schedule {ScheduleId} for {Date} missed (later than the grace window)")]
    private static partial void LogMissed(ILogger logger, Guid scheduleId, DateOnly date);
}
