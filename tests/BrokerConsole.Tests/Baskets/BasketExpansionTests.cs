using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Baskets;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Scheduling;

namespace BrokerConsole.Tests.Baskets;

/// <summary>A saved basket expanded into a schedule run's (account, leg) items: the quantity rule, whole lots, accounts no longer owned.</summary>
public sealed class BasketExpansionTests
{
    private static readonly Guid _kite = Guid.NewGuid();
    private static readonly Guid _angel = Guid.NewGuid();

    private static readonly InstrumentIndex _index = new(
    [
        new(1, "NFO", "NIFTY26DECFUT", "NIFTY", "NIFTY", null, InstrumentKind.Future, new DateOnly(2026, 12, 29), 0m, 75, 0.10m, "52000",
            new Dictionary<BrokerKind, BrokerSymbol>
            {
                [BrokerKind.Zerodha] = new("NIFTY26DECFUT", "NFO", "NIFTY26DECFUT", "1"),
                [BrokerKind.AngelOne] = new("NIFTY29DEC26FUT", "NFO", "NIFTY29DEC26FUT", "52000"),
            }),
    ]);

    private static readonly Dictionary<Guid, BrokerKind> _owned = new() { [_kite] = BrokerKind.Zerodha, [_angel] = BrokerKind.AngelOne };

    private static Basket Basket(BasketQuantityRule rule, params BasketTarget[] targets) => new()
    {
        OwnerId = "owner",
        Name = "Hedge",
        QuantityRule = rule,
        Legs =
        [
            new ScheduledOrder { Exchange = "NFO", TradingSymbol = "NIFTY26DECFUT", Quantity = 150, Product = ProductType.Nrml },
            new ScheduledOrder { Exchange = "NSE", TradingSymbol = "SBIN", Quantity = 10, Side = TransactionType.Sell },
        ],
        Targets = [.. targets],
    };

    [Fact]
    public void Same_rule_gives_every_target_every_leg_in_order_with_its_own_copy_of_the_order()
    {
        var items = BasketExpansion.Expand(Basket(BasketQuantityRule.Same, new() { AccountId = _kite }, new() { AccountId = _angel }), _owned, _index);

        Assert.Equal([(_kite, 0, 150), (_kite, 1, 10), (_angel, 0, 150), (_angel, 1, 10)], items.Select(i => (i.AccountId, i.LegIndex, i.Order.Quantity)));
        Assert.All(items, i => Assert.Null(i.Problem));
        Assert.Equal(TransactionType.Sell, items[1].Order.Side);
        Assert.Equal(4, items.Select(i => i.Order).Distinct().Count());
    }

    [Fact]
    public void Multiplier_scales_whole_lots_and_a_result_under_one_lot_is_skipped_with_why()
    {
        var items = BasketExpansion.Expand(
            Basket(BasketQuantityRule.Multiplier, new() { AccountId = _kite, Multiplier = 1.5m }, new() { AccountId = _angel, Multiplier = 0.4m }), _owned, _index);

        // 2 lots of 75 × 1.5 = 3 lots; × 0.4 is 0.8 of a lot: nothing, said so. SBIN is not in this catalog: lot 1.
        Assert.Equal((225, null), (items[0].Order.Quantity, items[0].Problem));
        Assert.Equal(15, items[1].Order.Quantity);
        Assert.Equal(0, items[2].Order.Quantity);
        Assert.Contains("less than one lot of 75", items[2].Problem, StringComparison.Ordinal);
        Assert.Equal((4, null), (items[3].Order.Quantity, items[3].Problem));
    }

    [Fact]
    public void Table_rule_uses_each_accounts_row_and_an_account_no_longer_owned_is_left_out()
    {
        var gone = Guid.NewGuid();
        var items = BasketExpansion.Expand(
            Basket(BasketQuantityRule.PerAccount, new() { AccountId = _kite, Quantities = [75, 0] }, new() { AccountId = gone, Quantities = [75, 5] }), _owned, _index);

        Assert.Equal([_kite, _kite], items.Select(i => i.AccountId));
        Assert.Equal((75, null), (items[0].Order.Quantity, items[0].Problem));
        Assert.Equal("No quantity in the table for this account and leg.", items[1].Problem);
    }
}
