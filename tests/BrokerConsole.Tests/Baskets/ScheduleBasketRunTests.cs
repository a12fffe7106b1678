using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Baskets;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Time;
using BrokerConsole.Tests.Sandbox.Kite;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Baskets;

/// <summary>
/// A schedule that places a saved basket, run by the scheduler's clock at the Kite, Angel One and Dhan sandboxes: the run
/// takes the basket's legs and accounts as they are when it is created (an edit after the schedule was saved counts), each
/// (account, leg) is placed once with the schedule's deterministic tag, and a second tick the same day places nothing.
/// </summary>
public sealed class ScheduleBasketRunTests(SharedApp<BasketSandbox> app) : IClassFixture<SharedApp<BasketSandbox>>
{
    [Fact]
    public async Task Clock_run_of_a_basket_schedule_places_each_leg_on_each_target_once_with_the_baskets_latest_legs()
    {
        if ((await app.Services.GetRequiredService<InstrumentCatalog>().GetAsync()).FindForOrder(BrokerKind.Dhan, "NSE", "SBIN") is null)
        {
            await app.Services.GetRequiredService<InstrumentMasterRefresher>().RefreshAsync();
        }

        await using var user = await BasketUser.CreateAsync(app);
        var accounts = await user.AddFiveAccountsAsync(app);
        var basket = await user.Baskets.CreateAsync(new BasketDraft
        {
            Name = "Closing buys",
            Legs = [new OrderTicket { Exchange = "NSE", TradingSymbol = "SBIN", Quantity = 1, Product = ProductType.Mis }],
            Targets = [.. accounts.Select(a => new BasketTarget { AccountId = a })],
        });
        var schedules = user.Scope.ServiceProvider.GetRequiredService<IScheduleService>();
        var now = app.Clock.GetUtcNow();
        var due = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(2);
        var schedule = await schedules.CreateAsync(new ScheduleDraft
        {
            Name = "Basket at the close",
            BasketId = basket.Id,
            Days = Enum.GetValues<DayOfWeek>(),
            TimeOfDay = TimeOnly.FromDateTime(IndianTime.ToIst(due).DateTime),
            AutoExecute = true,
        });
        Assert.Equal((basket.Id, "Closing buys"), (schedule.BasketId, schedule.BasketName));
        Assert.Empty(schedule.Orders);
        Assert.Empty(schedule.AccountIds);

        // Edited after the schedule was saved: the run places the basket as it is at the run, two legs now.
        await user.Baskets.UpdateAsync(basket.Id, new BasketDraft
        {
            Name = "Closing buys",
            Legs =
            [
                new OrderTicket { Exchange = "NSE", TradingSymbol = "SBIN", Quantity = 2, Product = ProductType.Mis },
                new OrderTicket { Exchange = "NSE", TradingSymbol = "INFY", Quantity = 1, Product = ProductType.Mis },
            ],
            Targets = [.. accounts.Select(a => new BasketTarget { AccountId = a })],
        });

        app.Clock.Advance(due - now);
        var runner = app.Services.GetRequiredService<IScheduleRunner>();
        var first = await runner.TickAsync(due);
        Assert.Equal(1, first.RunsExecuted);
        var runs = await schedules.ListRunsAsync(schedule.Id);
        var run = await schedules.GetRunAsync(Assert.Single(runs).Id);
        Assert.Equal(ScheduleRunStatus.Completed, run.Status);
        Assert.Contains("saved basket 'Closing buys'", run.Message, StringComparison.Ordinal);
        Assert.Equal(10, run.Items.Count);
        Assert.All(run.Items, i => Assert.True(i.Status == ScheduleRunItemStatus.Placed, $"{i.AccountName} {i.Summary}: {i.Status} {i.Message}"));
        Assert.Equal(5, run.Items.Count(i => i.Summary == "BUY 2 NSE:SBIN MARKET MIS DAY"));
        Assert.Equal(5, run.Items.Count(i => i.Summary == "BUY 1 NSE:INFY MARKET MIS DAY"));
        foreach (var item in run.Items)
        {
            // The clock run's tag rule, unchanged: (schedule, IST date, account, leg).
            Assert.Equal(ScheduleTags.For(schedule.Id, run.TradingDate, item.AccountId, item.OrderIndex), item.Tag);
            Assert.Equal(1, await user.CountAtBrokerAsync(app, item.AccountId, item.Tag));
        }

        // The same day again: once per date, nothing more is placed.
        var second = await runner.TickAsync(due.AddMinutes(1));
        Assert.Equal(0, second.RunsExecuted);
        Assert.Single(await schedules.ListRunsAsync(schedule.Id));
    }

    [Fact]
    public async Task A_basket_schedule_refuses_another_users_basket_and_a_deleted_basket_places_nothing()
    {
        await using var owner = await BasketUser.CreateAsync(app);
        var accountId = (await owner.Accounts.CreateAsync(new AccountDraft
        {
            Broker = BrokerKind.Zerodha,
            DisplayName = "Kite",
            ClientId = "ZB1001",
            Environment = AccountEnvironment.Sandbox,
            ApiKey = KiteSandboxHost.ApiKey,
            ApiSecret = KiteSandboxHost.ApiSecret,
            RedirectUrl = KiteSandboxHost.RedirectUrl,
        })).Id;
        var basket = await owner.Baskets.CreateAsync(new BasketDraft
        {
            Name = "Mine",
            Legs = [new OrderTicket { Exchange = "NSE", TradingSymbol = "SBIN", Quantity = 1 }],
            Targets = [new BasketTarget { AccountId = accountId }],
        });
        await using var other = await BasketUser.CreateAsync(app);
        var theirs = other.Scope.ServiceProvider.GetRequiredService<IScheduleService>();
        var refused = await Assert.ThrowsAsync<ScheduleValidationException>(() => theirs.CreateAsync(new ScheduleDraft { Name = "Borrowed", BasketId = basket.Id }));
        Assert.Contains("does not exist, or it is not yours", refused.Message, StringComparison.Ordinal);

        var schedules = owner.Scope.ServiceProvider.GetRequiredService<IScheduleService>();
        var schedule = await schedules.CreateAsync(new ScheduleDraft { Name = "Orphan", BasketId = basket.Id });
        await owner.Baskets.DeleteAsync(basket.Id);
        var runId = await schedules.RunNowAsync(schedule.Id);
        var run = await schedules.GetRunAsync(runId);
        Assert.Empty(run.Items);
        Assert.Contains("no longer exists: nothing was placed", run.Message, StringComparison.Ordinal);
    }
}
