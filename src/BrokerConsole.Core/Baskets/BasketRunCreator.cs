using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Time;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Baskets;

/// <summary>
/// Turns a confirmed preview into a run of the scheduler's executor, saved with every item before anything is sent:
/// items that will be sent are Pending with the previewed quantity, the others Skipped with the failed checks. The
/// owner's idempotency key is unique on runs, so two copies of one request create one run.
/// </summary>
internal sealed class BasketRunCreator(IDbContextFactory<BrokerConsoleDbContext> dbFactory, RunNowQueue queue, TimeProvider time)
{
    public async Task<BasketRunStarted?> FindReplayAsync(string ownerId, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (idempotencyKey is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.ScheduleRuns.AsNoTracking().Include(r => r.Items)
            .SingleOrDefaultAsync(r => r.OwnerId == ownerId && r.IdempotencyKey == idempotencyKey, cancellationToken);
        return run is null ? null : new BasketRunStarted(run.Id, run.Items.Count, run.Items.Count(i => i.Status != ScheduleRunItemStatus.Skipped), Replayed: true);
    }

    public async Task<BasketRunStarted> CreateAndQueueAsync(string ownerId, BasketPreview preview, IReadOnlyList<ScheduledOrder> legs, string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        // Claimed for this node before it is saved: the leader of a shared database never takes it for an interrupted run.
        var runId = Guid.NewGuid();
        await queue.ReserveAsync(runId, cancellationToken);
        BasketRunStarted started;
        try
        {
            started = await CreateAsync(ownerId, preview, legs, idempotencyKey, runId, cancellationToken);
        }
        catch
        {
            await queue.ReleaseAsync(runId);
            throw;
        }

        if (started.Replayed)
        {
            await queue.ReleaseAsync(runId);
            return started;
        }

        // Executed by the scheduler's hosted service, not on the caller's token: the page may close, the run goes on, and a
        // restart before it finishes resumes it (reconciling by tag) like any interrupted run.
        queue.Enqueue(started.RunId);
        return started;
    }

    /// <summary>Saves the run with every item, not yet executed: what a crash right after the confirm leaves behind.</summary>
    internal Task<BasketRunStarted> CreateAsync(string ownerId, BasketPreview preview, IReadOnlyList<ScheduledOrder> legs, string? idempotencyKey,
        CancellationToken cancellationToken) => CreateAsync(ownerId, preview, legs, idempotencyKey, Guid.NewGuid(), cancellationToken);

    private async Task<BasketRunStarted> CreateAsync(string ownerId, BasketPreview preview, IReadOnlyList<ScheduledOrder> legs, string? idempotencyKey,
        Guid runId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var run = new ScheduleRun
        {
            Id = runId,
            Kind = RunKind.Basket,
            BasketId = preview.BasketId,
            OwnerId = ownerId,
            ScheduleName = preview.Name.Length <= 100 ? preview.Name : preview.Name[..100],
            TradingDate = DateOnly.FromDateTime(IndianTime.ToIst(now).DateTime),
            DueAt = now,
            Status = ScheduleRunStatus.Running,
            // Outside any once-per-date rule: every confirm is its own run, with tags derived from its own id.
            Manual = true,
            IdempotencyKey = idempotencyKey,
            Message = $"Basket placed by you: {preview.ToSend} order(s) to send, {preview.ToSkip} skipped by the preview's checks.",
        };
        foreach (var item in preview.Items)
        {
            var order = ScheduledOrder.From(legs[item.LegIndex].ToTicket(item.AccountId) with { Quantity = item.Quantity });
            run.Items.Add(new ScheduleRunItem
            {
                Id = Guid.NewGuid(),
                AccountId = item.AccountId,
                OrderIndex = item.LegIndex,
                Tag = ScheduleTags.ForBasketRun(run.Id, item.AccountId, item.LegIndex),
                Summary = item.Summary.Length <= 200 ? item.Summary : item.Summary[..200],
                Order = order,
                Status = item.WillSend ? ScheduleRunItemStatus.Pending : ScheduleRunItemStatus.Skipped,
                Message = item.SkipReason is { } reason ? (reason.Length <= 500 ? reason : reason[..500]) : null,
                CompletedAt = item.WillSend ? null : now,
            });
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.ScheduleRuns.Add(run);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException) when (idempotencyKey is not null)
            {
                // The same key's twin request won the race (unique (owner, key)): its run is the answer, nothing more is placed.
                return await FindReplayAsync(ownerId, idempotencyKey, CancellationToken.None)
                    ?? throw new InvalidOperationException("The basket run could not be saved.");
            }
        }

        return new BasketRunStarted(run.Id, run.Items.Count, preview.ToSend, Replayed: false);
    }
}
