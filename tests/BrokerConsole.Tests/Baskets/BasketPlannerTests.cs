using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Baskets;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Scheduling;

namespace BrokerConsole.Tests.Baskets;

public sealed class BasketPlannerTests
{
    private static readonly BasketAccount _kite = new(Guid.NewGuid(), "Kite main", BrokerKind.Zerodha, "DA1234", SessionLive: true);
    private static readonly BasketAccount _angel = new(Guid.NewGuid(), "Angel", BrokerKind.AngelOne, "A1", SessionLive: true);
    private static readonly BasketAccount _dhanOff = new(Guid.NewGuid(), "Dhan", BrokerKind.Dhan, "1100000001", SessionLive: false, "not logged in");

    private static readonly InstrumentIndex _index = new(
    [
        new(1, "NSE", "SBIN", "STATE BANK OF INDIA", "SBIN", "INE062A01020", InstrumentKind.Equity, null, 0m, 1, 0.05m, "3045",
            new Dictionary<BrokerKind, BrokerSymbol>
            {
                [BrokerKind.Zerodha] = new("SBIN", "NSE", "SBIN", "779521"),
                [BrokerKind.AngelOne] = new("SBIN-EQ", "NSE", "SBIN-EQ", "3045"),
                [BrokerKind.Dhan] = new("SBIN", "NSE", "3045", "3045"),
            }),
        new(2, "NFO", "NIFTY26DECFUT", "NIFTY", "NIFTY", null, InstrumentKind.Future, new DateOnly(2026, 12, 29), 0m, 75, 0.10m, "52000",
            new Dictionary<BrokerKind, BrokerSymbol> { [BrokerKind.Zerodha] = new("NIFTY26DECFUT", "NFO", "NIFTY26DECFUT", "1") }),
    ]);

    private static Dictionary<Guid, BasketAccount> Accounts(params BasketAccount[] accounts) => accounts.ToDictionary(a => a.Id);

    private static ScheduledOrder Sbin(int quantity = 10, decimal? limit = null) => new()
    {
        Exchange = "NSE",
        TradingSymbol = "SBIN",
        Quantity = quantity,
        OrderType = limit is null ? Core.Brokers.OrderType.Market : Core.Brokers.OrderType.Limit,
        Price = limit,
    };

    private static ScheduledOrder Nifty(int quantity) => new()
    {
        Exchange = "NFO",
        TradingSymbol = "NIFTY26DECFUT",
        Quantity = quantity,
        Product = ProductType.Nrml,
    };

    [Fact]
    public void Lists_every_account_and_leg_with_the_brokers_own_symbol()
    {
        var preview = BasketPlanner.Preview(null, "Morning", [Sbin(), Sbin(5, 800.05m)],
            [new() { AccountId = _kite.Id }, new() { AccountId = _angel.Id }], BasketQuantityRule.Same, Accounts(_kite, _angel), _index);

        Assert.Equal(4, preview.Items.Count);
        Assert.Equal(4, preview.ToSend);
        Assert.All(preview.Items.Where(i => i.AccountId == _angel.Id), i => Assert.Equal("SBIN-EQ", i.BrokerSymbol));
        Assert.All(preview.Items.Where(i => i.AccountId == _kite.Id), i => Assert.Equal("SBIN", i.BrokerSymbol));
        Assert.Equal([10, 5, 10, 5], preview.Items.Select(i => i.Quantity));
        Assert.All(preview.Items, i => Assert.All(i.Checks, c => Assert.Equal(BasketCheckState.Passed, c.State)));
    }

    [Fact]
    public void An_account_without_a_live_session_is_skipped_with_the_reason()
    {
        var preview = BasketPlanner.Preview(null, "b", [Sbin()], [new() { AccountId = _kite.Id }, new() { AccountId = _dhanOff.Id }],
            BasketQuantityRule.Same, Accounts(_kite, _dhanOff), _index);

        var dhan = Assert.Single(preview.Items, i => i.AccountId == _dhanOff.Id);
        Assert.False(dhan.WillSend);
        Assert.Equal("3045", dhan.BrokerSymbol);
        Assert.Contains("No live session on Dhan (not logged in)", dhan.SkipReason, StringComparison.Ordinal);
        Assert.Equal(BasketCheckState.Failed, Assert.Single(dhan.Checks, c => c.Name == BasketPlanner.SessionCheck).State);
        Assert.Equal(1, preview.ToSend);
    }

    [Fact]
    public void Lot_tick_and_broker_checks_fail_per_item()
    {
        // 100 is not a multiple of 75; 800.03 is not on SBIN's 0.05 tick; Angel One's master has no NIFTY future here.
        var preview = BasketPlanner.Preview(null, "b", [Nifty(100), Sbin(1, 800.03m)], [new() { AccountId = _kite.Id }, new() { AccountId = _angel.Id }],
            BasketQuantityRule.Same, Accounts(_kite, _angel), _index);

        var kiteNifty = preview.Items.Single(i => i.AccountId == _kite.Id && i.LegIndex == 0);
        Assert.Equal(BasketCheckState.Failed, kiteNifty.Checks.Single(c => c.Name == BasketPlanner.LotCheck).State);
        Assert.Equal(BasketCheckState.Passed, kiteNifty.Checks.Single(c => c.Name == BasketPlanner.InstrumentCheck).State);
        var angelNifty = preview.Items.Single(i => i.AccountId == _angel.Id && i.LegIndex == 0);
        Assert.Equal(BasketCheckState.Failed, angelNifty.Checks.Single(c => c.Name == BasketPlanner.InstrumentCheck).State);
        var kiteSbin = preview.Items.Single(i => i.AccountId == _kite.Id && i.LegIndex == 1);
        Assert.Equal(BasketCheckState.Failed, kiteSbin.Checks.Single(c => c.Name == BasketPlanner.TickCheck).State);
        Assert.Equal(0, preview.ToSend);
    }

    [Fact]
    public void Multiplier_scales_lots_of_the_instrument()
    {
        var preview = BasketPlanner.Preview(null, "b", [Nifty(150)], [new() { AccountId = _kite.Id, Multiplier = 1.5m }],
            BasketQuantityRule.Multiplier, Accounts(_kite), _index);

        var item = Assert.Single(preview.Items);
        Assert.Equal(225, item.Quantity);
        Assert.True(item.WillSend);
    }

    [Fact]
    public void Unknown_instrument_is_not_checked_and_goes_as_typed()
    {
        var preview = BasketPlanner.Preview(null, "b", [new ScheduledOrder { Exchange = "NSE", TradingSymbol = "NOTLISTED", Quantity = 1 }],
            [new() { AccountId = _kite.Id }], BasketQuantityRule.Same, Accounts(_kite), _index);

        var item = Assert.Single(preview.Items);
        Assert.True(item.WillSend);
        Assert.Equal("NOTLISTED", item.BrokerSymbol);
        Assert.Equal(BasketCheckState.NotChecked, item.Checks.Single(c => c.Name == BasketPlanner.InstrumentCheck).State);
    }

    [Fact]
    public void Fingerprint_changes_when_what_would_be_sent_changes()
    {
        BasketPreview Make(bool live, int quantity) => BasketPlanner.Preview(null, "b", [Sbin(quantity)], [new() { AccountId = _kite.Id }],
            BasketQuantityRule.Same, Accounts(_kite with { SessionLive = live }), _index);

        Assert.Equal(Make(true, 10).Fingerprint, Make(true, 10).Fingerprint);
        Assert.NotEqual(Make(true, 10).Fingerprint, Make(true, 11).Fingerprint);
        Assert.NotEqual(Make(true, 10).Fingerprint, Make(false, 10).Fingerprint);
    }
}
