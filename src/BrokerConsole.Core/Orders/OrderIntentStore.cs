using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Orders;

/// <summary>
/// Saves an <see cref="OrderIntent"/> before its request leaves and completes it with what the broker (or the order
/// book) said. Owner checks happen in the callers; this type only writes rows.
/// </summary>
public sealed class OrderIntentStore(IDbContextFactory<BrokerConsoleDbContext> dbFactory, TimeProvider time)
{
    public async Task<OrderIntent> SaveAsync(string ownerId, Guid accountId, string summary, string? tag, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (tag is not null)
        {
            // A caller-given tag may already have an intent (a scheduled run resumed after a restart): reuse it,
            // because the tag column is unique. Another user's intent with the tag is never touched.
            var existing = await db.OrderIntents.SingleOrDefaultAsync(i => i.Tag == tag, cancellationToken);
            if (existing is not null)
            {
                if (existing.OwnerId != ownerId || existing.AccountId != accountId)
                {
                    throw new ArgumentException("That tag is already in use.", nameof(tag));
                }

                existing.Status = OrderIntentStatus.Sending;
                existing.Summary = summary;
                existing.UpdatedAt = now;
                await db.SaveChangesAsync(cancellationToken);
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
        // Saved (and unique-indexed) before anything is sent: a crash mid-call still leaves the tag to look for.
        await db.SaveChangesAsync(cancellationToken);
        return intent;
    }

    /// <summary>Sets the intent's outcome. Always to completion: the outcome of a sent order must be recorded even if the page went away.</summary>
    public async Task CompleteAsync(Guid intentId, PlacementResult result, CancellationToken cancellationToken)
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
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>The owner's intent with <paramref name="tag"/>, if any (scheduled items find theirs by tag).</summary>
    public async Task<OrderIntent?> FindByTagAsync(string ownerId, string tag, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.OrderIntents.AsNoTracking().SingleOrDefaultAsync(i => i.Tag == tag && i.OwnerId == ownerId, cancellationToken);
    }
}
