using BrokerConsole.Core.Baskets;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Baskets;

/// <summary>
/// A basket run cut off by a restart is resumed by the scheduler's executor like any run: items that may have left are
/// looked up in the order book by tag, never sent again. The crash is reproduced as the state kill -9 leaves (run Running
/// and started, some items Sending with their order already at the broker, the rest Pending); the restart is the next tick.
/// The assertion is the broker's own count of orders per tag.
/// </summary>
public sealed class BasketRestartTests(SharedApp<BasketSandbox> app) : IClassFixture<SharedApp<BasketSandbox>>
{
    [Fact]
    public async Task Interrupted_basket_run_is_resumed_after_a_restart_and_never_places_an_order_twice()
    {
        if ((await app.Services.GetRequiredService<InstrumentCatalog>().GetAsync()).FindForOrder(Core.Accounts.BrokerKind.Dhan, "NSE", "SBIN") is null)
        {
            await app.Services.GetRequiredService<InstrumentMasterRefresher>().RefreshAsync();
        }

        await using var user = await BasketUser.CreateAsync(app);
        var accounts = await user.AddFiveAccountsAsync(app);
        var draft = new BasketDraft
        {
            Name = "Cut off",
            Legs =
            [
                new OrderTicket { Exchange = "NSE", TradingSymbol = "SBIN", Quantity = 1 },
                new OrderTicket { Exchange = "NSE", TradingSymbol = "INFY", Quantity = 1, OrderType = Core.Brokers.OrderType.Limit, Price = 1499.95m },
            ],
            Targets = accounts.Select(a => new BasketTarget { AccountId = a }).ToList(),
        };
        var preview = await user.Baskets.PreviewAsync(draft);
        Assert.Equal(10, preview.ToSend);

        // The confirm saved the run; the app died while sending the first order of every account: those requests reached the broker.
        var created = await app.Services.GetRequiredService<BasketRunCreator>()
            .CreateAsync(user.UserId, preview, draft.Legs.Select(ScheduledOrder.From).ToList(), null, CancellationToken.None);
        var db = app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>();
        List<ScheduleRunItem> items;
        await using (var context = await db.CreateDbContextAsync())
        {
            items = await context.ScheduleRunItems.AsNoTracking().Where(i => i.RunId == created.RunId).ToListAsync();
        }

        var orders = user.Scope.ServiceProvider.GetRequiredService<IOrderService>();
        var sentBeforeCrash = items.Where(i => i.OrderIndex == 0).ToList();
        var now = app.Clock.GetUtcNow();
        foreach (var item in sentBeforeCrash)
        {
            var sent = await orders.PlaceAsync(item.Order.ToTicket(item.AccountId), item.Tag);
            Assert.True(sent.Outcome == PlacementOutcome.Placed, sent.Message);
        }

        await using (var context = await db.CreateDbContextAsync())
        {
            var sentIds = sentBeforeCrash.Select(i => i.Id).ToList();
            await context.ScheduleRunItems.Where(i => sentIds.Contains(i.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.Status, ScheduleRunItemStatus.Sending).SetProperty(i => i.StartedAt, now));
            await context.ScheduleRuns.Where(r => r.Id == created.RunId).ExecuteUpdateAsync(u => u.SetProperty(r => r.StartedAt, now));
        }

        // The restart: the first tick resumes every run still Running.
        app.Sandbox.NextSecond();
        var tick = await app.Services.GetRequiredService<IScheduleRunner>().TickAsync(app.Clock.GetUtcNow());
        Assert.Equal(1, tick.RunsResumed);

        var run = await user.Baskets.GetRunAsync(created.RunId);
        Assert.Equal(ScheduleRunStatus.Completed, run.Status);
        Assert.All(run.Items, i => Assert.True(i.Status == ScheduleRunItemStatus.Placed, $"{i.AccountName} {i.Summary}: {i.Status} {i.Message}"));
        var cut = Assert.IsType<RunInterruption>(run.Interruption);
        Assert.Equal((5, 0), (cut.FoundInBook, cut.Resent));
        Assert.All(run.Items.Where(i => i.OrderIndex == 0), i => Assert.Contains("after a restart", i.Message, StringComparison.Ordinal));
        foreach (var item in run.Items)
        {
            Assert.Equal(1, await user.CountAtBrokerAsync(app, item.AccountId, item.Tag));
        }
    }
}
