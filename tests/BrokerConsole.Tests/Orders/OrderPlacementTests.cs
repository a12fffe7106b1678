using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Orders;
using BrokerConsole.Sandbox.Kite;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Orders;

/// <summary>Order service ↔ Kite sandbox over real HTTP: place, modify, cancel, and the fault cases.</summary>
[Collection(nameof(OrdersSandboxGroup))]
public sealed class OrderPlacementTests(SharedApp<OrdersSandbox> app)
{
    private static OrderTicket Market(Guid accountId, int quantity = 1, TransactionType side = TransactionType.Buy) => new()
    {
        AccountId = accountId,
        Exchange = "NSE",
        TradingSymbol = "INFY",
        Side = side,
        Quantity = quantity,
        OrderType = OrderType.Market,
        Product = ProductType.Cnc,
    };

    private static OrderTicket Limit(Guid accountId, decimal price, int quantity = 1) => Market(accountId, quantity) with { OrderType = OrderType.Limit, Price = price };

    private async Task ResetFaultsAsync() => await app.Sandbox.ControlAsync("reset", new { orders = false, sessions = false });

    [Fact]
    public async Task Place_market_order_fills_and_carries_tag_and_market_protection()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        await ResetFaultsAsync();

        var result = await trader.Orders.PlaceAsync(Market(trader.AccountId));

        Assert.Equal(PlacementOutcome.Placed, result.Outcome);
        Assert.NotNull(result.OrderId);
        Assert.True(OrderTags.IsValid(result.Tag), result.Tag);
        var book = await ZerodhaTraders.BookAsync(trader);
        var order = Assert.Single(book, o => o.Tag == result.Tag);
        Assert.Equal(result.OrderId, order.OrderId);
        Assert.Equal(OrderStatus.Complete, order.Status);
        // The sandbox refuses MARKET orders without market_protection, so a fill proves it was sent.
        var intents = await trader.Orders.RecentIntentsAsync(10);
        Assert.Equal(OrderIntentStatus.Placed, Assert.Single(intents).Status);
        var audit = await trader.Scope.ServiceProvider.GetRequiredService<IAuditTrail>().RecentAsync(10);
        Assert.Contains(audit, e => e.Action == AuditAction.OrderPlaced && e.Summary.Contains(result.OrderId!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Limit_order_can_be_modified_then_cancelled()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        await ResetFaultsAsync();

        var placed = await trader.Orders.PlaceAsync(Limit(trader.AccountId, 1000m, 2));
        Assert.Equal(PlacementOutcome.Placed, placed.Outcome);
        Assert.Equal(OrderStatus.Open, placed.Order?.Status);

        var modified = await trader.Orders.ModifyAsync(new OrderChange(trader.AccountId, placed.OrderId!, 3, 1010m, null));
        Assert.True(modified.Succeeded, modified.Message);
        var after = (await trader.Orders.GetHistoryAsync(trader.AccountId, placed.OrderId!))[^1];
        Assert.Equal(3, after.Quantity);
        Assert.Equal(1010m, after.Price);

        var cancelled = await trader.Orders.CancelAsync(trader.AccountId, placed.OrderId!);
        Assert.True(cancelled.Succeeded, cancelled.Message);
        Assert.Equal(OrderStatus.Cancelled, cancelled.Order?.Status);

        var again = await trader.Orders.CancelAsync(trader.AccountId, placed.OrderId!);
        Assert.False(again.Succeeded);
        Assert.Contains("already Cancelled", again.Message, StringComparison.Ordinal);

        var history = await trader.Orders.GetHistoryAsync(trader.AccountId, placed.OrderId!);
        Assert.True(history.Count >= 3);
        var audit = await trader.Scope.ServiceProvider.GetRequiredService<IAuditTrail>().RecentAsync(10);
        Assert.Contains(audit, e => e.Action == AuditAction.OrderModified);
        Assert.Contains(audit, e => e.Action == AuditAction.OrderCancelled && e.Summary.StartsWith("Cancelled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lost_answer_after_broker_accepted_is_reconciled_by_tag_without_a_second_order()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        await ResetFaultsAsync();
        var before = (await ZerodhaTraders.BookAsync(trader)).Count;

        app.Get<LostAnswerSwitch>().ArmForNextPlacement();
        var result = await trader.Orders.PlaceAsync(Market(trader.AccountId));

        Assert.Equal(PlacementOutcome.Placed, result.Outcome);
        Assert.True(result.Reconciled);
        Assert.Contains("order book has it", result.Message, StringComparison.Ordinal);
        var book = await ZerodhaTraders.BookAsync(trader);
        Assert.Equal(before + 1, book.Count);
        Assert.Equal(result.OrderId, Assert.Single(book, o => o.Tag == result.Tag).OrderId);
        Assert.Equal(OrderIntentStatus.Placed, (await trader.Orders.RecentIntentsAsync(1))[0].Status);
    }

    [Fact]
    public async Task Timeout_before_the_broker_registered_the_order_is_unknown_not_retried_and_check_again_finds_nothing()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        await ResetFaultsAsync();
        var before = (await ZerodhaTraders.BookAsync(trader)).Count;
        // The sandbox holds the placement (received, not registered) past the client's 2-second timeout.
        var hold = app.Sandbox.Services.GetRequiredService<KiteControlState>().Hold;
        await app.Sandbox.ControlAsync("hold", new { path_prefix = "/orders/regular" });
        try
        {
            var placing = trader.Orders.PlaceAsync(Market(trader.AccountId));
            await hold.WhenHeldAsync(1).WaitAsync(TimeSpan.FromSeconds(30));
            var result = await placing;

            Assert.Equal(PlacementOutcome.Unknown, result.Outcome);
            Assert.Contains(result.Tag, result.Message, StringComparison.Ordinal);
            Assert.Contains("Nothing was retried", result.Message, StringComparison.Ordinal);
        }
        finally
        {
            // Dropped, never registered; the release completes once the sandbox has finished with it, so no sleep is needed.
            await hold.Release(register: false, count: null);
            await ResetFaultsAsync();
        }

        var book = await ZerodhaTraders.BookAsync(trader);
        Assert.Equal(before, book.Count);
        var intent = (await trader.Orders.RecentIntentsAsync(1))[0];
        Assert.Equal(OrderIntentStatus.Unknown, intent.Status);
        var check = await trader.Orders.CheckIntentAsync(intent.Id);
        Assert.Equal(PlacementOutcome.Unknown, check.Outcome);
    }

    [Fact]
    public async Task Server_error_on_placement_reconciles_and_reports_not_placed()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        await ResetFaultsAsync();
        var before = (await ZerodhaTraders.BookAsync(trader)).Count;
        await app.Sandbox.ControlAsync("faults", new { count = 1, status = 503, error_type = "NetworkException", message = "OMS down", path_prefix = "/orders/regular" });

        var result = await trader.Orders.PlaceAsync(Market(trader.AccountId));

        Assert.Equal(PlacementOutcome.NotPlaced, result.Outcome);
        Assert.True(result.Reconciled);
        Assert.Equal(before, (await ZerodhaTraders.BookAsync(trader)).Count);
    }

    [Fact]
    public async Task Rate_limited_placement_is_not_retried_and_says_so()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        await ResetFaultsAsync();
        var before = (await ZerodhaTraders.BookAsync(trader)).Count;
        await app.Sandbox.ControlAsync("faults", new { count = 1, status = 429, error_type = "NetworkException", message = "Too many requests", path_prefix = "/orders/regular" });

        var result = await trader.Orders.PlaceAsync(Market(trader.AccountId));

        Assert.Equal(PlacementOutcome.NotPlaced, result.Outcome);
        Assert.Contains("limiting requests", result.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was retried", result.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await ZerodhaTraders.BookAsync(trader)).Count);
    }

    [Fact]
    public async Task Order_beyond_funds_is_shown_rejected_with_the_broker_reason()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        await ResetFaultsAsync();

        var result = await trader.Orders.PlaceAsync(Market(trader.AccountId, quantity: 5000));

        Assert.Equal(PlacementOutcome.Placed, result.Outcome);
        Assert.Equal(OrderStatus.Rejected, result.Order?.Status);
        Assert.Contains("REJECTED", result.Message, StringComparison.Ordinal);
        Assert.Contains("Insufficient funds", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_ticket_is_refused_before_anything_is_saved_or_sent()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        var before = (await ZerodhaTraders.BookAsync(trader)).Count;

        var ex = await Assert.ThrowsAsync<OrderValidationException>(() => trader.Orders.PlaceAsync(new OrderTicket
        {
            AccountId = trader.AccountId,
            TradingSymbol = "",
            Quantity = 0,
            OrderType = OrderType.StopLoss,
        }));

        Assert.Contains(ex.Errors, e => e.Field == nameof(OrderTicket.TradingSymbol));
        Assert.Contains(ex.Errors, e => e.Field == nameof(OrderTicket.Quantity));
        Assert.Contains(ex.Errors, e => e.Field == nameof(OrderTicket.Price));
        Assert.Contains(ex.Errors, e => e.Field == nameof(OrderTicket.TriggerPrice));
        Assert.Empty(await trader.Orders.RecentIntentsAsync(10));
        Assert.Equal(before, (await ZerodhaTraders.BookAsync(trader)).Count);
    }

    [Fact]
    public async Task Account_without_session_is_not_placed_and_listed_with_reason()
    {
        await using var trader = await app.NewTraderWithSessionAsync(connect: false);

        var result = await trader.Orders.PlaceAsync(Market(trader.AccountId));
        var today = await trader.Orders.GetTodayAsync();

        Assert.Equal(PlacementOutcome.NotPlaced, result.Outcome);
        Assert.Contains("no live session", result.Message, StringComparison.Ordinal);
        Assert.Empty(today.Accounts);
        Assert.Equal(Core.Portfolio.AccountIssueKind.NoSession, Assert.Single(today.Issues).Kind);
    }

    [Fact]
    public async Task Today_lists_orders_and_trades_per_account()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        await ResetFaultsAsync();
        var placed = await trader.Orders.PlaceAsync(Market(trader.AccountId));

        var today = await trader.Orders.GetTodayAsync();

        var account = Assert.Single(today.Accounts);
        Assert.Contains(account.Orders, o => o.OrderId == placed.OrderId);
        Assert.Contains(account.Trades, t => t.OrderId == placed.OrderId);
        Assert.Empty(today.Issues);
    }

    [Fact]
    public async Task Another_user_cannot_read_or_act_on_someone_elses_account()
    {
        await using var owner = await app.NewTraderWithSessionAsync();
        await ResetFaultsAsync();
        var placed = await owner.Orders.PlaceAsync(Limit(owner.AccountId, 900m));
        await using var intruder = await app.NewTraderWithSessionAsync(connect: false);
        var before = (await ZerodhaTraders.BookAsync(owner)).Count;

        await Assert.ThrowsAsync<AccountNotFoundException>(() => intruder.Orders.GetTodayAsync(owner.AccountId));
        await Assert.ThrowsAsync<AccountNotFoundException>(() => intruder.Orders.GetHistoryAsync(owner.AccountId, placed.OrderId!));
        await Assert.ThrowsAsync<AccountNotFoundException>(() => intruder.Orders.PlaceAsync(Market(owner.AccountId)));
        await Assert.ThrowsAsync<AccountNotFoundException>(() => intruder.Orders.ModifyAsync(new OrderChange(owner.AccountId, placed.OrderId!, 5, null, null)));
        await Assert.ThrowsAsync<AccountNotFoundException>(() => intruder.Orders.CancelAsync(owner.AccountId, placed.OrderId!));
        var ownerIntent = (await owner.Orders.RecentIntentsAsync(1))[0].Id;
        await Assert.ThrowsAsync<KeyNotFoundException>(() => intruder.Orders.CheckIntentAsync(ownerIntent));
        var intruderToday = await intruder.Orders.GetTodayAsync();
        Assert.DoesNotContain(intruderToday.Accounts, a => a.AccountId == owner.AccountId);
        Assert.Empty(await intruder.Orders.RecentIntentsAsync(10));
        var intruderPortfolio = await intruder.Portfolio.LoadAsync();
        Assert.DoesNotContain(intruderPortfolio.Accounts, a => a.AccountId == owner.AccountId);
        Assert.DoesNotContain(intruderPortfolio.Issues, a => a.AccountId == owner.AccountId);

        Assert.Equal(before, (await ZerodhaTraders.BookAsync(owner)).Count);
        Assert.Equal(OrderStatus.Open, (await owner.Orders.GetHistoryAsync(owner.AccountId, placed.OrderId!))[^1].Status);
        await owner.Orders.CancelAsync(owner.AccountId, placed.OrderId!);
    }
}

[CollectionDefinition(nameof(OrdersSandboxGroup))]
public sealed class OrdersSandboxGroup : ICollectionFixture<SharedApp<OrdersSandbox>>;
