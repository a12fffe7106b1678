using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Portfolio;

namespace BrokerConsole.Tests.Instruments;

/// <summary>Lookups, search, order translation and the portfolio's renaming on a small fixed catalog.</summary>
public sealed class InstrumentIndexTests
{
    private static readonly CatalogInstrument _sbinNse = new(1, "NSE", "SBIN", "STATE BANK OF INDIA", "SBIN", "INE062A01020", InstrumentKind.Equity, null, 0, 1, 0.05m, "3045",
        new Dictionary<BrokerKind, BrokerSymbol>
        {
            [BrokerKind.Zerodha] = new("SBIN", "NSE", "SBIN", "779521"),
            [BrokerKind.AngelOne] = new("SBIN-EQ", "NSE", "SBIN-EQ", "3045"),
            [BrokerKind.Dhan] = new("SBIN", "NSE", "3045", "3045"),
        });

    private static readonly CatalogInstrument _sbinBse = new(2, "BSE", "SBIN", "STATE BANK OF INDIA", "SBIN", "INE062A01020", InstrumentKind.Equity, null, 0, 1, 0.05m, "500112",
        new Dictionary<BrokerKind, BrokerSymbol> { [BrokerKind.Zerodha] = new("SBIN", "BSE", "SBIN", "128028676"), [BrokerKind.Dhan] = new("SBIN", "BSE", "500112", "500112") });

    private static readonly CatalogInstrument _future = new(3, "NFO", "SBIN26SEPFUT", "SBIN", "SBIN", null, InstrumentKind.Future, new DateOnly(2026, 9, 29), 0, 750, 0.10m, "35900",
        new Dictionary<BrokerKind, BrokerSymbol> { [BrokerKind.Zerodha] = new("SBIN26SEPFUT", "NFO", "SBIN26SEPFUT", "9190402"), [BrokerKind.Dhan] = new("SBIN-Sep2026-FUT", "NFO", "35900", "35900") });

    private static readonly InstrumentIndex _index = new([_future, _sbinBse, _sbinNse]);

    [Fact]
    public void Search_puts_the_exact_cash_symbol_first_and_filters_by_exchange()
    {
        Assert.Equal([1, 2, 3], _index.Search("sbi").Select(i => i.Id));
        Assert.Equal([3], _index.Search("SBIN", ["NFO"]).Select(i => i.Id));
        Assert.Equal([1, 2], _index.Search("state bank").Select(i => i.Id));
        Assert.Empty(_index.Search(" "));
    }

    [Fact]
    public void Dhan_holding_on_exchange_ALL_resolves_to_the_NSE_listing_and_a_derivative_by_its_security_id()
    {
        Assert.Same(_sbinNse, _index.Resolve(BrokerKind.Dhan, "ALL", "SBIN", 3045, "INE062A01020"));
        // Dhan's book names NSE_FNO's exchange "NSE": the security id finds the contract.
        Assert.Same(_future, _index.Resolve(BrokerKind.Dhan, "NSE", "SBIN-SEP2026-FUT", 35900));
        Assert.Same(_sbinNse, _index.Resolve(BrokerKind.AngelOne, "NSE", "SBIN-EQ"));
        Assert.Null(_index.Resolve(BrokerKind.Fyers, "NSE", "SBIN-EQ"));
    }

    [Fact]
    public void Portfolio_lines_of_three_brokers_become_one_row()
    {
        static AccountPortfolio Account(BrokerKind broker, string exchange, string symbol, int quantity) =>
            new(Guid.NewGuid(), broker.ToString(), broker, new Funds(null, null), new Positions([], []),
                [new Holding { Exchange = exchange, TradingSymbol = symbol, Quantity = quantity, AveragePrice = 700, LastPrice = 800 }]);
        var accounts = new[] { Account(BrokerKind.Zerodha, "NSE", "SBIN", 5), Account(BrokerKind.AngelOne, "NSE", "SBIN-EQ", 7), Account(BrokerKind.Dhan, "ALL", "SBIN", 3) }
            .Select(a => PortfolioInstruments.InConsoleNames(a, _index)).ToList();

        var (holdings, _, _, _) = PortfolioAggregator.Aggregate(accounts, new Dictionary<InstrumentKey, decimal>());

        var row = Assert.Single(holdings);
        Assert.Equal((new InstrumentKey("NSE", "SBIN"), 15, 3), (row.Instrument, row.Quantity, row.Accounts.Count));
    }

    [Fact]
    public void Without_a_catalog_lines_and_orders_keep_the_brokers_names()
    {
        var account = new AccountPortfolio(Guid.NewGuid(), "A", BrokerKind.AngelOne, new Funds(null, null), new Positions([], []),
            [new Holding { Exchange = "NSE", TradingSymbol = "SBIN-EQ", Quantity = 1 }]);
        Assert.Same(account, PortfolioInstruments.InConsoleNames(account, InstrumentIndex.Empty));
        var ticket = new OrderTicket { AccountId = Guid.NewGuid(), Exchange = "NSE", TradingSymbol = "1333", Quantity = 3 };
        Assert.Equal((ticket, 0), OrderInstrumentRules.Prepare(ticket, BrokerKind.Dhan, InstrumentIndex.Empty) is var (t, e) ? (t, e.Count) : default);
    }

    [Fact]
    public void An_order_is_translated_for_the_broker_and_checked_against_lot_and_tick()
    {
        var ticket = new OrderTicket { AccountId = Guid.NewGuid(), Exchange = "NSE", TradingSymbol = "SBIN", Quantity = 3, OrderType = OrderType.Limit, Price = 812.40m };

        var (dhan, none) = OrderInstrumentRules.Prepare(ticket, BrokerKind.Dhan, _index);
        var (angel, _) = OrderInstrumentRules.Prepare(ticket, BrokerKind.AngelOne, _index);
        var (_, fyers) = OrderInstrumentRules.Prepare(ticket, BrokerKind.Fyers, _index);
        var (_, offTick) = OrderInstrumentRules.Prepare(ticket with { TriggerPrice = 812.42m, OrderType = OrderType.StopLoss }, BrokerKind.Zerodha, _index);
        var (_, offLot) = OrderInstrumentRules.Prepare(ticket with { Exchange = "NFO", TradingSymbol = "SBIN26SEPFUT", Quantity = 700, Price = 812.50m }, BrokerKind.Zerodha, _index);

        Assert.Empty(none);
        Assert.Equal(("NSE", "3045"), (dhan.Exchange, dhan.TradingSymbol));
        Assert.Equal("SBIN-EQ", angel.TradingSymbol);
        Assert.Equal("NSE:SBIN is not in Fyers's instrument master: this account cannot trade it.", Assert.Single(fyers).Message);
        Assert.Equal(nameof(OrderTicket.TriggerPrice), Assert.Single(offTick).Field);
        Assert.Equal("SBIN26SEPFUT trades in lots of 750: the quantity must be a multiple of 750 (e.g. 750), not 700.", Assert.Single(offLot).Message);
    }

    [Theory]
    [InlineData("2026-12-04T02:59:00Z", "2026-12-04T03:00:00Z")] // 08:29 IST: today's 08:30
    [InlineData("2026-12-04T03:00:00Z", "2026-12-05T03:00:00Z")] // exactly 08:30: the next day's
    [InlineData("2026-12-04T20:00:00Z", "2026-12-05T03:00:00Z")] // 01:30 IST on the 5th
    public void Daily_refresh_is_at_0830_IST_whatever_the_server_zone(string now, string expected)
    {
        var next = new InstrumentOptions().NextRefresh(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }
}
