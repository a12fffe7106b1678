using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Portfolio;

namespace BrokerConsole.Tests.Orders;

/// <summary>Portfolio maths on fixed numbers.</summary>
public sealed class PortfolioAggregatorTests
{
    private static readonly Guid _a = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid _b = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Funds _noFunds = new(null, null);

    private static AccountPortfolio Account(Guid id, string name, IReadOnlyList<Holding>? holdings = null, IReadOnlyList<Position>? net = null, decimal cash = 0) =>
        new(id, name, BrokerKind.Zerodha, cash == 0 ? _noFunds : new Funds(new SegmentFunds { Segment = FundsSegment.Equity, Net = cash }, null),
            new Positions(net ?? [], []), holdings ?? []);

    private static Holding Holding(string symbol, int quantity, decimal average, decimal last, decimal close, int t1 = 0) => new()
    {
        TradingSymbol = symbol,
        Exchange = "NSE",
        Quantity = quantity,
        T1Quantity = t1,
        AveragePrice = average,
        LastPrice = last,
        ClosePrice = close,
        Product = ProductType.Cnc,
    };

    [Fact]
    public void Holdings_across_accounts_aggregate_with_weighted_average_and_summed_pnl()
    {
        var accounts = new[]
        {
            Account(_a, "A", [Holding("INFY", 10, 1400m, 1500m, 1480m)], cash: 1000m),
            Account(_b, "B", [Holding("INFY", 30, 1600m, 1500m, 1480m), Holding("TCS", 5, 3000m, 3400m, 3500m)], cash: 2500.50m),
        };

        var (holdings, _, _, totals) = PortfolioAggregator.Aggregate(accounts, new Dictionary<InstrumentKey, decimal>());

        var infy = Assert.Single(holdings, h => h.Instrument == new InstrumentKey("NSE", "INFY"));
        Assert.Equal(40, infy.Quantity);
        Assert.Equal(1550m, infy.AveragePrice); // (10×1400 + 30×1600) / 40
        Assert.Equal(1000m + -3000m, infy.Pnl); // A: (1500−1400)×10, B: (1500−1600)×30
        Assert.Equal(20m * 40, infy.DayPnl); // (1500−1480)×40
        Assert.Equal(2, infy.Accounts.Count);
        var tcs = Assert.Single(holdings, h => h.Instrument.TradingSymbol == "TCS");
        Assert.Equal(2000m, tcs.Pnl);
        Assert.Equal(-500m, tcs.DayPnl);
        Assert.Equal(3500.50m, totals.Sum(t => t.AvailableFunds));
        Assert.Equal(1000m, totals.Single(t => t.AccountId == _a).HoldingsPnl);
        Assert.Equal(-3000m + 2000m, totals.Single(t => t.AccountId == _b).HoldingsPnl);
        // Sorted by market value: INFY 60,000 before TCS 17,000.
        Assert.Equal("INFY", holdings[0].Instrument.TradingSymbol);
    }

    [Fact]
    public void Common_last_price_overrides_each_brokers_own_and_t1_shares_count()
    {
        var accounts = new[] { Account(_a, "A", [Holding("INFY", 10, 1400m, 1450m, 1480m, t1: 5)]) };
        var prices = new Dictionary<InstrumentKey, decimal> { [new InstrumentKey("NSE", "INFY")] = 1500m };

        var (holdings, _, _, _) = PortfolioAggregator.Aggregate(accounts, prices);

        var infy = Assert.Single(holdings);
        Assert.Equal(15, infy.Quantity);
        Assert.Equal(1500m, infy.LastPrice);
        Assert.Equal(100m * 15, infy.Pnl);
    }

    [Fact]
    public void Mixed_long_and_short_positions_net_quantity_and_average_of_the_net_side()
    {
        // A bought 100 @ 100 today; B is short 40, sold @ 110 today; LTP 105.
        var longLine = new Position
        {
            TradingSymbol = "SBIN",
            Exchange = "NSE",
            Product = ProductType.Mis,
            Quantity = 100,
            AveragePrice = 100m,
            BuyQuantity = 100,
            BuyValue = 10_000m,
            DayBuyQuantity = 100,
            DayBuyValue = 10_000m,
            Multiplier = 1,
        };
        var shortLine = new Position
        {
            TradingSymbol = "SBIN",
            Exchange = "NSE",
            Product = ProductType.Mis,
            Quantity = -40,
            AveragePrice = 110m,
            SellQuantity = 40,
            SellValue = 4_400m,
            DaySellQuantity = 40,
            DaySellValue = 4_400m,
            Multiplier = 1,
        };
        var accounts = new[] { Account(_a, "A", net: [longLine]), Account(_b, "B", net: [shortLine]) };
        var prices = new Dictionary<InstrumentKey, decimal> { [new InstrumentKey("NSE", "SBIN")] = 105m };

        var (_, net, _, totals) = PortfolioAggregator.Aggregate(accounts, prices);

        var sbin = Assert.Single(net);
        Assert.Equal(60, sbin.Quantity);
        Assert.Equal(100m, sbin.AveragePrice); // net long: average of the long lines only
        Assert.Equal(500m, sbin.Accounts.Single(l => l.AccountId == _a).Pnl); // −10,000 + 100×105
        Assert.Equal(200m, sbin.Accounts.Single(l => l.AccountId == _b).Pnl); // 4,400 − 40×105
        Assert.Equal(700m, sbin.Pnl);
        Assert.Equal(700m, sbin.DayPnl); // all of it traded today
        Assert.Equal(500m, totals.Single(t => t.AccountId == _a).PositionsPnl);
    }

    [Fact]
    public void Flat_net_position_has_zero_average_and_keeps_realised_pnl()
    {
        var closed = new Position
        {
            TradingSymbol = "TCS",
            Exchange = "NSE",
            Quantity = 0,
            BuyQuantity = 10,
            BuyValue = 34_000m,
            SellQuantity = 10,
            SellValue = 34_250m,
            DayBuyQuantity = 10,
            DayBuyValue = 34_000m,
            DaySellQuantity = 10,
            DaySellValue = 34_250m,
        };
        var carriedShort = new Position
        {
            TradingSymbol = "TCS",
            Exchange = "NSE",
            Quantity = 0,
            AveragePrice = 3_450m,
        };

        var (_, net, _, _) = PortfolioAggregator.Aggregate([Account(_a, "A", net: [closed]), Account(_b, "B", net: [carriedShort])],
            new Dictionary<InstrumentKey, decimal> { [new InstrumentKey("NSE", "TCS")] = 3_500m });

        var tcs = Assert.Single(net);
        Assert.Equal(0, tcs.Quantity);
        Assert.Equal(0m, tcs.AveragePrice);
        Assert.Equal(250m, tcs.Pnl);
    }

    [Fact]
    public void Carried_position_day_pnl_is_measured_from_the_previous_close()
    {
        // 50 carried from yesterday (close 800), none traded today; LTP 812; bought at 790 days ago.
        var carried = new Position
        {
            TradingSymbol = "SBIN",
            Exchange = "NSE",
            Product = ProductType.Nrml,
            Quantity = 50,
            OvernightQuantity = 50,
            AveragePrice = 790m,
            ClosePrice = 800m,
            BuyQuantity = 50,
            BuyValue = 39_500m,
            Multiplier = 1,
        };

        var line = PortfolioAggregator.PositionLine(Account(_a, "A"), carried, 812m);

        Assert.Equal(1_100m, line.Pnl); // 50 × (812 − 790)
        Assert.Equal(600m, line.DayPnl); // 50 × (812 − 800)
    }

    [Fact]
    public void Todays_delivery_buy_shown_as_position_and_t1_holding_is_counted_once_in_totals()
    {
        // Bought 4 TCS CNC today @ 3,400 (position) which the broker also reports as 4 T1 shares; LTP 3,410.
        var position = new Position
        {
            TradingSymbol = "TCS",
            Exchange = "NSE",
            Product = ProductType.Cnc,
            Quantity = 4,
            AveragePrice = 3_400m,
            LastPrice = 3_410m,
            BuyQuantity = 4,
            BuyValue = 13_600m,
            DayBuyQuantity = 4,
            DayBuyValue = 13_600m,
        };
        var account = Account(_a, "A", holdings: [Holding("TCS", 0, 3_400m, 3_410m, 3_390m, t1: 4)], net: [position]);

        var (holdings, net, _, totals) = PortfolioAggregator.Aggregate([account], new Dictionary<InstrumentKey, decimal>());

        Assert.Equal(40m, Assert.Single(holdings).Pnl);
        Assert.Equal(40m, Assert.Single(net).Pnl); // both views still show it
        var total = Assert.Single(totals);
        Assert.Equal(40m, total.HoldingsPnl + total.PositionsPnl); // but the account total counts it once
        Assert.Equal(80m, total.DayPnl); // (3,410 − 3,390) × 4 from holdings; today's buy not added again
    }
}
