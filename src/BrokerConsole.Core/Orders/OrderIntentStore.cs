using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Orders;

/// <summary>
/// Saves an <see cref="OrderIntent"/> before its request leaves and completes it with what the broker (or the order
/// book) said. Owner checks happen in the callers; this type only writes rows.
/// </summary>
public sealed class OrderIntentStore(IDbContextFactory<BrokerConsoleDbContext> dbFactory, TimeProvider time)
{
    /// <summary>
    /// Saves the intent as Sending. With a caller-given tag, a run item with that tag is marked Sending in the same
    /// transaction; <paramref name="claim"/> says how (null: not a run's send, the item is marked if there is one).
    /// </summary>
    /// <exception cref="TagClaimedElsewhereException">A <see cref="TagClaim.FirstSend"/> found the tag taken or the item no longer Pending.</exception>
    public async Task<OrderIntent> SaveAsync(string ownerId, Guid accountId, string summary, string? tag, TagClaim? claim, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // A caller-given tag may be a run item's: the item is marked Sending in the same transaction as the intent, so
        // "may have left" is one durable write before the request instead of two (a crash before it leaves both unsent).
        await using var transaction = tag is null ? null : await db.Database.BeginTransactionAsync(cancellationToken);
        if (tag is not null)
        {
            // A caller-given tag may already have an intent (a scheduled run resumed after a restart): reuse it,
            // because the tag column is unique. Another user's intent with the tag is never touched.
            var existing = await db.OrderIntents.SingleOrDefaultAsync(i => i.Tag == tag, cancellationToken);
            if (existing is not null)
            {
                if (claim == TagClaim.FirstSend)
                {
                    // A first send meeting an intent: another executor saved it, and it sends the order.
                    throw new TagClaimedElsewhereException(tag);
                }

                if (existing.OwnerId != ownerId || existing.AccountId != accountId)
                {
                    throw new ArgumentException("That tag is already in use.", nameof(tag));
                }

                existing.Status = OrderIntentStatus.Sending;
                existing.Summary = summary;
                existing.UpdatedAt = now;
                await MarkRunItemSendingAsync(db, accountId, tag, claim, now, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction!.CommitAsync(cancellationToken);
                return existing;
            }
        }

        var intent = new OrderIntent
        {
            Id = Guid.NewGuid(),
            OwnerId = ownerId,
            AccountId = accountId,
            Tag = tag ?? OrderTags.New(now),
            Summary = summary,
            Status = OrderIntentStatus.Sending,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.OrderIntents.Add(intent);
        // The item's claim first: on PostgreSQL a second executor's update waits on this row and then finds it Sending.
        if (tag is not null && await MarkRunItemSendingAsync(db, accountId, tag, claim, now, cancellationToken) == 0 && claim == TagClaim.FirstSend)
        {
            // Rolled back as the transaction is disposed uncommitted: no intent either.
            throw new TagClaimedElsewhereException(tag);
        }

        try
        {
            // Saved (and unique-indexed) before anything is sent: a crash mid-call still leaves the tag to look for.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (claim == TagClaim.FirstSend && Persistence.Providers.StorageErrors.IsUniqueViolation(ex))
        {
            // Another executor inserted the tag's intent between our read and our insert.
            throw new TagClaimedElsewhereException(tag!);
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return intent;
    }

    /// <summary>
    /// The run item with this tag (if any, and not final yet) may have left from now on: a restart settles it by tag. A first
    /// send claims it only if it is still Pending. Returns the rows marked.
    /// </summary>
    private static Task<int> MarkRunItemSendingAsync(BrokerConsoleDbContext db, Guid accountId, string tag, TagClaim? claim, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var item = db.ScheduleRunItems.Where(i => i.Tag == tag && i.AccountId == accountId && i.CompletedAt == null);
        if (claim == TagClaim.FirstSend)
        {
            item = item.Where(i => i.Status == Scheduling.ScheduleRunItemStatus.Pending);
        }

        return item.ExecuteUpdateAsync(u => u
            .SetProperty(i => i.Status, Scheduling.ScheduleRunItemStatus.Sending)
            .SetProperty(i => i.StartedAt, now), cancellationToken);
    }

    /// <summary>Sets the intent's outcome. Always to completion: the outcome of a sent order must be recorded even if the page went away.</summary>
    public Task CompleteAsync(Guid intentId, PlacementResult result, CancellationToken cancellationToken) => CompleteAsync(intentId, result, null, cancellationToken);

    /// <summary>Sets the intent's outcome and adds <paramref name="auditEntry"/> in the same transaction (one write, not two).</summary>
    public async Task CompleteAsync(Guid intentId, PlacementResult result, Auditing.AuditEntry? auditEntry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        _ = cancellationToken;
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var intent = await db.OrderIntents.SingleAsync(i => i.Id == intentId, CancellationToken.None);
        intent.Status = result.Outcome switch
        {
            PlacementOutcome.Placed => OrderIntentStatus.Placed,
            PlacementOutcome.NotPlaced => OrderIntentStatus.NotPlaced,
            _ => OrderIntentStatus.Unknown,
        };
        intent.BrokerOrderId = result.OrderId;
        intent.Message = result.Message.Length <= 300 ? result.Message : result.Message[..300];
        intent.UpdatedAt = time.GetUtcNow();
        // A retry after a refused write adds it again (the failed transaction saved neither); an id means it is saved.
        if (auditEntry is { Id: 0 })
        {
            db.AuditEntries.Add(auditEntry);
        }

        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>The owner's intent with <paramref name="tag"/>, if any (scheduled items find theirs by tag).</summary>
    public async Task<OrderIntent?> FindByTagAsync(string ownerId, string tag, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.OrderIntents.AsNoTracking().SingleOrDefaultAsync(i => i.Tag == tag && i.OwnerId == ownerId, cancellationToken);
    }
}
