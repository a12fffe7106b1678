using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Scheduling;

public sealed class ScheduleService(
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    ICurrentUser currentUser,
    IAccountService accounts,
    IHolidayCalendar holidays,
    IScheduleRunner runner,
    IAuditTrail audit,
    IBrokerModules brokers,
    TimeProvider time) : IScheduleService
{
    private const int MaxOrders = 20;

    public async Task<IReadOnlyList<ScheduleView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var schedules = await db.Schedules.AsNoTracking().Where(s => s.OwnerId == ownerId).ToListAsync(cancellationToken);
        var baskets = await BasketNamesAsync(db, ownerId, cancellationToken);
        return schedules.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Select(s => ToView(s, baskets)).ToList();
    }

    public async Task<ScheduleView> GetAsync(Guid scheduleId, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var schedule = await db.Schedules.AsNoTracking().SingleOrDefaultAsync(s => s.Id == scheduleId && s.OwnerId == ownerId, cancellationToken)
            ?? throw new ScheduleNotFoundException(scheduleId);
        return ToView(schedule, await BasketNamesAsync(db, ownerId, cancellationToken));
    }

    public async Task<ScheduleView> CreateAsync(ScheduleDraft draft, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await ValidateAsync(draft, cancellationToken);
        var now = time.GetUtcNow();
        var schedule = new Schedule { Id = Guid.NewGuid(), OwnerId = ownerId, Name = draft.Name.Trim(), CreatedAt = now };
        Apply(schedule, draft, now);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Schedules.Add(schedule);
        await db.SaveChangesAsync(cancellationToken);
        return ToView(schedule, await BasketNamesAsync(db, ownerId, cancellationToken));
    }

    public async Task<ScheduleView> UpdateAsync(Guid scheduleId, ScheduleDraft draft, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Ownership before validation: another user's id must not even reveal whether the draft is valid.
        var schedule = await db.Schedules.SingleOrDefaultAsync(s => s.Id == scheduleId && s.OwnerId == ownerId, cancellationToken)
            ?? throw new ScheduleNotFoundException(scheduleId);
        await ValidateAsync(draft, cancellationToken);
        Apply(schedule, draft, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return ToView(schedule, await BasketNamesAsync(db, ownerId, cancellationToken));
    }

    public async Task DeleteAsync(Guid scheduleId, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deleted = await db.Schedules.Where(s => s.Id == scheduleId && s.OwnerId == ownerId).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            throw new ScheduleNotFoundException(scheduleId);
        }
    }

    public async Task<IReadOnlyList<ScheduleRunView>> ListRunsAsync(Guid? scheduleId = null, int take = 50, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.ScheduleRuns.AsNoTracking().Where(r => r.OwnerId == ownerId);
        if (scheduleId is { } id)
        {
            query = query.Where(r => r.ScheduleId == id);
        }

        var runs = await query.OrderByDescending(r => r.DueAt).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
        var runIds = runs.Select(r => r.Id).ToList();
        var counts = await db.ScheduleRunItems.AsNoTracking().Where(i => runIds.Contains(i.RunId))
            .GroupBy(i => new { i.RunId, i.Status }).Select(g => new { g.Key.RunId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return runs.Select(r => ToView(r, counts.Where(c => c.RunId == r.Id).ToDictionary(c => c.Status, c => c.Count), [])).ToList();
    }

    public async Task<Guid> RunNowAsync(Guid scheduleId, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        var run = await runner.StartNowAsync(ownerId, scheduleId, cancellationToken);
        var accounts = run.Items.Select(i => i.AccountId).Distinct().Count();
        await audit.RecordAsync(ownerId, AuditAction.ScheduleRunNow,
            $"Ran schedule '{run.ScheduleName}' now: {run.Items.Count} order(s) on {accounts} account(s)", cancellationToken: CancellationToken.None);
        return run.Id;
    }

    public async Task<ScheduleRunView> GetRunAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.ScheduleRuns.AsNoTracking().Include(r => r.Items)
            .SingleOrDefaultAsync(r => r.Id == runId && r.OwnerId == ownerId, cancellationToken)
            ?? throw new ScheduleNotFoundException(runId);
        var accountIds = run.Items.Select(i => i.AccountId).Distinct().ToList();
        var accountRows = await db.BrokerAccounts.AsNoTracking().Where(a => accountIds.Contains(a.Id) && a.OwnerId == ownerId)
            .Select(a => new { a.Id, a.DisplayName, a.Broker }).ToListAsync(cancellationToken);
        var names = accountRows.ToDictionary(a => a.Id, a => a.DisplayName);
        var brokers = accountRows.ToDictionary(a => a.Id, a => a.Broker);
        var items = run.Items.OrderBy(i => names.GetValueOrDefault(i.AccountId, ""), StringComparer.OrdinalIgnoreCase).ThenBy(i => i.AccountId).ThenBy(i => i.OrderIndex)
            .Select(i => new ScheduleRunItemView(i.AccountId, names.GetValueOrDefault(i.AccountId, "(deleted account)"), i.OrderIndex, i.Summary, i.Tag,
                i.Status, i.BrokerOrderId, i.Message, i.StartedAt, i.CompletedAt, brokers.TryGetValue(i.AccountId, out var broker) ? broker : null))
            .ToList();
        return ToView(run, run.Items.GroupBy(i => i.Status).ToDictionary(g => g.Key, g => g.Count()), items);
    }

    internal static ScheduleRunView ToView(ScheduleRun run, IReadOnlyDictionary<ScheduleRunItemStatus, int> counts, IReadOnlyList<ScheduleRunItemView> items) =>
        new(run.Id, run.ScheduleId, run.ScheduleName, run.TradingDate, run.DueAt, run.StartedAt, run.CompletedAt, run.Status, run.Message,
            counts.GetValueOrDefault(ScheduleRunItemStatus.Placed),
            counts.GetValueOrDefault(ScheduleRunItemStatus.Rejected),
            counts.GetValueOrDefault(ScheduleRunItemStatus.Skipped),
            counts.GetValueOrDefault(ScheduleRunItemStatus.Failed),
            counts.GetValueOrDefault(ScheduleRunItemStatus.Pending) + counts.GetValueOrDefault(ScheduleRunItemStatus.Sending)
                + counts.GetValueOrDefault(ScheduleRunItemStatus.Checking),
            items,
            run.Manual,
            run is { InterruptedAt: { } cut, ResumedAt: { } back }
                ? new RunInterruption(cut, back, run.Downtime, run.FoundAfterRestart, run.ResentAfterRestart)
                : null,
            counts.GetValueOrDefault(ScheduleRunItemStatus.Checking),
            run.Kind,
            run.BasketId);

    private async Task ValidateAsync(ScheduleDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(draft.Name) || draft.Name.Trim().Length > 100)
        {
            errors.Add("A name of 1 to 100 characters is required.");
        }

        if (draft.Days.Count == 0)
        {
            errors.Add("Choose at least one day of the week.");
        }

        if (draft.BasketId is { } basketId)
        {
            // A saved basket brings its own orders and accounts (checked by its own rules when it was saved).
            await CheckBasketAsync(basketId, errors, cancellationToken);
            if (errors.Count > 0)
            {
                throw new ScheduleValidationException(errors);
            }

            return;
        }

        if (draft.AccountIds.Count == 0)
        {
            errors.Add("Choose at least one account.");
        }

        if (draft.Orders.Count is 0 or > MaxOrders)
        {
            errors.Add($"Add 1 to {MaxOrders} orders.");
        }

        for (var i = 0; i < draft.Orders.Count; i++)
        {
            // Same rules as a manual order, so a schedule can never hold an order the Orders page would refuse.
            foreach (var error in OrderTicketValidator.Validate(draft.Orders[i] with { AccountId = draft.AccountIds.Count > 0 ? draft.AccountIds[0] : Guid.Empty }))
            {
                errors.Add($"Order {i + 1}: {error.Message}");
            }
        }

        if (errors.Count > 0)
        {
            throw new ScheduleValidationException(errors);
        }

        foreach (var accountId in draft.AccountIds.Distinct())
        {
            // Throws AccountNotFoundException for another user's account.
            var account = await accounts.GetAsync(accountId, cancellationToken);
            for (var i = 0; i < draft.Orders.Count; i++)
            {
                if (brokers.For(account.Broker).SymbolProblem(draft.Orders[i].TradingSymbol) is { } problem)
                {
                    errors.Add($"Order {i + 1} on {account.DisplayName}: {problem}");
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new ScheduleValidationException(errors);
        }
    }

    private async Task CheckBasketAsync(Guid basketId, List<string> errors, CancellationToken cancellationToken)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Another user's basket reads exactly like a missing one.
        if (!await db.Baskets.AnyAsync(b => b.Id == basketId && b.OwnerId == ownerId, cancellationToken))
        {
            errors.Add("Choose one of your saved baskets: that basket does not exist, or it is not yours.");
        }
    }

    private static async Task<Dictionary<Guid, string>> BasketNamesAsync(BrokerConsoleDbContext db, string ownerId, CancellationToken cancellationToken) =>
        await db.Baskets.AsNoTracking().Where(b => b.OwnerId == ownerId).Select(b => new { b.Id, b.Name }).ToDictionaryAsync(b => b.Id, b => b.Name, cancellationToken);

    private static void Apply(Schedule schedule, ScheduleDraft draft, DateTimeOffset now)
    {
        schedule.Name = draft.Name.Trim();
        schedule.BasketId = draft.BasketId;
        // A basket schedule keeps no orders or accounts of its own: each run takes the basket's as they are then.
        schedule.AccountIds = draft.BasketId is null ? draft.AccountIds.Distinct().ToList() : [];
        schedule.Orders = draft.BasketId is null ? draft.Orders.Select(ScheduledOrder.From).ToList() : [];
        schedule.Days = draft.Days.Distinct().Order().ToList();
        schedule.TimeOfDay = new TimeOnly(draft.TimeOfDay.Hour, draft.TimeOfDay.Minute);
        schedule.Enabled = draft.Enabled;
        schedule.AutoExecute = draft.AutoExecute;
        schedule.UpdatedAt = now;
    }

    private ScheduleView ToView(Schedule s, IReadOnlyDictionary<Guid, string> basketNames) => new(
        s.Id, s.Name, s.AccountIds, s.Orders.Select(o => o.ToTicket(Guid.Empty)).ToList(), s.Days, s.TimeOfDay, s.Enabled, s.AutoExecute,
        s.Enabled && ScheduleCalendar.NextDue(s.Days, s.TimeOfDay, time.GetUtcNow(), holidays) is { } next ? ScheduleCalendar.DueAt(next, s.TimeOfDay) : null,
        s.BasketId,
        s.BasketId is { } basketId ? basketNames.GetValueOrDefault(basketId, "(deleted basket)") : null);
}
