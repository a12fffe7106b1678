using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Scheduling;

/// <summary>
/// A run item's send claims the item in its intent's transaction (<see cref="TagClaim"/>): an executor holding a stale
/// Pending copy of an item another executor already claimed (another node that took the run too) sends nothing and
/// saves nothing, and a first send marks the item Sending with its intent in one write.
/// </summary>
public abstract class RunItemClaimTests(TestApp app)
{
    private async Task<BrokerConsoleDbContext> DbAsync() =>
        await app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync();

    /// <summary>A run placed by the scheduler with one Kite order, and one more item of that run with a fresh tag, in <paramref name="status"/>, never sent.</summary>
    private async Task<(Guid Account, ScheduleRunItem Extra)> RunWithExtraItemAsync(Trader user, string name, ScheduleRunItemStatus status)
    {
        var kite = await app.AddKiteAccountAsync(user, name);
        await user.Schedules.CreateAsync(new ScheduleDraft { Name = name, AccountIds = [kite], Orders = [ScheduleTickets.Kite(990m)], AutoExecute = true });
        // Every test ticks at the same instant: the runs of earlier tests' schedules exist already and are not made again.
        await app.Runner.TickAsync(ScheduleTickets.TuesdayDue);
        await using var db = await DbAsync();
        var placed = await db.ScheduleRunItems.AsNoTracking().SingleAsync(i => i.AccountId == kite);
        Assert.Equal(ScheduleRunItemStatus.Placed, placed.Status);
        var extra = new ScheduleRunItem
        {
            Id = Guid.NewGuid(),
            RunId = placed.RunId,
            AccountId = kite,
            OrderIndex = 1,
            Tag = "claim" + Guid.NewGuid().ToString("N")[..15],
            Summary = placed.Summary,
            Order = ScheduledOrder.From(ScheduleTickets.Kite(991m)),
            Status = status,
        };
        db.ScheduleRunItems.Add(extra);
        await db.SaveChangesAsync();
        return (kite, extra);
    }

    [Fact]
    public async Task A_first_send_of_an_item_another_executor_claimed_sends_nothing_and_saves_no_intent()
    {
        await using var user = await app.NewTraderAsync();
        var (kite, extra) = await RunWithExtraItemAsync(user, "Kite claimed elsewhere", ScheduleRunItemStatus.Sending);

        // This executor still holds the item as Pending; in the database another one has it (Sending, its intent not yet committed).
        var refused = await Assert.ThrowsAsync<TagClaimedElsewhereException>(() => user.Orders.SendAsync(extra.Order.ToTicket(kite), extra.Tag, TagClaim.FirstSend));

        Assert.Equal(extra.Tag, refused.Tag);
        Assert.DoesNotContain(await app.BookAsync(user, kite), o => o.Tag == extra.Tag || o.Tags.Contains(extra.Tag));
        await using var db = await DbAsync();
        Assert.False(await db.OrderIntents.AnyAsync(i => i.Tag == extra.Tag));
        Assert.Null((await db.ScheduleRunItems.AsNoTracking().SingleAsync(i => i.Id == extra.Id)).StartedAt);
    }

    [Fact]
    public async Task A_first_send_of_a_tag_that_already_has_an_intent_sends_nothing_again()
    {
        await using var user = await app.NewTraderAsync();
        var (kite, _) = await RunWithExtraItemAsync(user, "Kite intent exists", ScheduleRunItemStatus.Pending);
        await using var db = await DbAsync();
        var placed = await db.ScheduleRunItems.AsNoTracking().SingleAsync(i => i.AccountId == kite && i.OrderIndex == 0);
        // A stale executor's view: the row back to Pending, as it was when that executor loaded the run.
        await db.ScheduleRunItems.Where(i => i.Id == placed.Id).ExecuteUpdateAsync(u => u.SetProperty(i => i.Status, ScheduleRunItemStatus.Pending));

        await Assert.ThrowsAsync<TagClaimedElsewhereException>(() => user.Orders.SendAsync(placed.Order.ToTicket(kite), placed.Tag, TagClaim.FirstSend));

        Assert.Single(await app.BookAsync(user, kite), o => o.Tag == placed.Tag || o.Tags.Contains(placed.Tag));
        Assert.Equal(OrderIntentStatus.Placed, (await db.OrderIntents.AsNoTracking().SingleAsync(i => i.Tag == placed.Tag)).Status);
    }

    [Fact]
    public async Task A_first_send_of_a_pending_item_claims_it_with_its_intent_and_places_it_once()
    {
        await using var user = await app.NewTraderAsync();
        var (kite, extra) = await RunWithExtraItemAsync(user, "Kite claim pending", ScheduleRunItemStatus.Pending);

        var result = await user.Orders.SendAsync(extra.Order.ToTicket(kite), extra.Tag, TagClaim.FirstSend);

        Assert.Equal(PlacementOutcome.Placed, result.Outcome);
        await using var db = await DbAsync();
        var row = await db.ScheduleRunItems.AsNoTracking().SingleAsync(i => i.Id == extra.Id);
        Assert.Equal(ScheduleRunItemStatus.Sending, row.Status);
        Assert.NotNull(row.StartedAt);
        var intent = await db.OrderIntents.AsNoTracking().SingleAsync(i => i.Tag == extra.Tag);
        Assert.Equal(row.StartedAt, intent.CreatedAt);
        Assert.Single(await app.BookAsync(user, kite), o => o.Tag == extra.Tag || o.Tags.Contains(extra.Tag));

        // Sent once: a second first send of the same item (a retry, a second executor) is refused before the broker.
        await Assert.ThrowsAsync<TagClaimedElsewhereException>(() => user.Orders.SendAsync(extra.Order.ToTicket(kite), extra.Tag, TagClaim.FirstSend));
        Assert.Single(await app.BookAsync(user, kite), o => o.Tag == extra.Tag || o.Tags.Contains(extra.Tag));
    }
}

/// <summary><see cref="RunItemClaimTests"/> on SQLite, the default provider.</summary>
public sealed class RunItemClaimTestsOnSqlite(SharedApp<SchedulesSandbox> app) : RunItemClaimTests(app), IClassFixture<SharedApp<SchedulesSandbox>>;

/// <summary><see cref="RunItemClaimTests"/> on PostgreSQL, where two nodes really can hold the same run.</summary>
public sealed class RunItemClaimTestsOnPostgres(SharedApp<PostgresSchedules> app) : RunItemClaimTests(app), IClassFixture<SharedApp<PostgresSchedules>>;
