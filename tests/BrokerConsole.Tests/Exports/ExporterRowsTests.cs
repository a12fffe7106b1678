using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Exports;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Portfolio;
using BrokerConsole.Core.Scheduling;

namespace BrokerConsole.Tests.Exports;

/// <summary>Each exporter's rows from loaded data, cell by cell: account columns, instruments, numbers and the missing accounts.</summary>
public sealed class ExporterRowsTests
{
    private static readonly DateTimeOffset _at = new(2026, 12, 4, 4, 0, 0, TimeSpan.Zero);
    private static readonly Guid _kite = Guid.NewGuid();
    private static readonly Guid _angel = Guid.NewGuid();
    private static readonly Guid _dhan = Guid.NewGuid();

    private static AccountSummary Account(Guid id, BrokerKind broker, string name, string clientId) =>
        new(id, broker, name, clientId, AccountEnvironment.Sandbox, null, null, null, new HashSet<SecretKind>(), _at, _at);

    private static ExportAccounts Accounts() => new(
    [
        Account(_kite, BrokerKind.Zerodha, "Kite main", "DA1234"),
        Account(_angel, BrokerKind.AngelOne, "=Angel", "A1001"),
        Account(_dhan, BrokerKind.Dhan, "Dhan", "1100000001"),
    ]);

    private static readonly AccountIssue _dhanDown = new(_dhan, "Dhan", AccountIssueKind.Unreachable, "Dhan did not answer.");

    private static PortfolioSnapshot Portfolio()
    {
        var sbin = new SymbolAggregate(new InstrumentKey("NSE", "SBIN"), 15, 600m, 610m, 150m, 30m,
        [
            new AccountLine(_kite, "Kite main", "CNC", 10, 600m, 610m, 100m, 20m),
            new AccountLine(_angel, "=Angel", "CNC", 5, 600m, 610m, 50m, 10m),
        ]);
        var lead = new SymbolAggregate(new InstrumentKey("MCX", "LEADMINI17DECFUT"), -1, 161.05m, 161.05m, -5m, 0m,
            [new AccountLine(_kite, "Kite main", "NRML", -1, 161.05m, 161.05m, -5m, 0m, 1000m)]);
        var kiteHolding = new Holding { TradingSymbol = "SBIN", Exchange = "NSE", Isin = "INE062A01020", Quantity = 10 };
        var funds = new Funds(null, null);
        return new PortfolioSnapshot(
            [new AccountPortfolio(_kite, "Kite main", BrokerKind.Zerodha, funds, new Positions([], []), [kiteHolding])],
            [_dhanDown], [sbin], [lead], [], [], 0, 0, 0, 0, _at, 3);
    }

    private static object?[] Row(ExportTable table, Func<object?[], bool> match) => Assert.Single(table.Rows, r => match(r));

    private static object? Cell(ExportTable table, object?[] row, string header) =>
        row[table.Columns.ToList().FindIndex(c => c.Header == header)];

    [Fact]
    public void Holdings_one_row_per_account_line_with_numbers_isin_and_the_missing_account()
    {
        var table = HoldingsExporter.Build(Portfolio(), Accounts(), new ExportScope());

        Assert.Equal(3, table.Rows.Count);
        var kite = Row(table, r => Equals(r[0], "Kite main"));
        Assert.Equal(["Kite main", "Zerodha", "DA1234", "NSE", "SBIN", "INE062A01020", "CNC", 10, 600m, 610m, 6000m, 6100m, 100m, 20m, null], kite);
        var angel = Row(table, r => Equals(r[0], "=Angel"));
        Assert.Equal("Angel One", angel[1]);
        Assert.Null(Cell(table, angel, "ISIN"));
        Assert.Equal(5, Cell(table, angel, "Quantity"));
        var missing = Row(table, r => Equals(r[0], "Dhan"));
        Assert.Equal("1100000001", missing[2]);
        Assert.Equal("Not included: Dhan did not answer.", missing[^1]);
        Assert.All(missing[3..^1], Assert.Null);
        Assert.Equal(new ExportFailure("Dhan", "Dhan", "1100000001", "Dhan did not answer."), Assert.Single(table.Failures));
    }

    [Fact]
    public void Holdings_of_one_account_leave_the_others_out()
    {
        var table = HoldingsExporter.Build(Portfolio(), Accounts(), new ExportScope(_angel));

        var row = Assert.Single(table.Rows);
        Assert.Equal("=Angel", row[0]);
        Assert.Empty(table.Failures);
    }

    [Fact]
    public void Positions_value_uses_the_contract_multiplier()
    {
        var table = PositionsExporter.Build(Portfolio(), Accounts(), new ExportScope());

        var lead = Row(table, r => Equals(r[5], "LEADMINI17DECFUT"));
        Assert.Equal("Net", Cell(table, lead, "Book"));
        Assert.Equal(-1, Cell(table, lead, "Quantity"));
        Assert.Equal(1000m, Cell(table, lead, "Multiplier"));
        Assert.Equal(-161050m, Cell(table, lead, "Value"));
        Assert.Equal(-5m, Cell(table, lead, "P&L"));
    }

    private static OrdersSnapshot Books(bool stale = false) => new(
    [
        new AccountOrders(_kite, "Kite main", BrokerKind.Zerodha,
            [new BrokerOrder
            {
                OrderId = "K1", Status = OrderStatus.Rejected, RawStatus = "REJECTED", StatusMessage = "-Insufficient funds", TradingSymbol = "SBIN", Exchange = "NSE",
                TransactionType = TransactionType.Sell, OrderType = OrderType.Limit, Product = ProductType.Mis, Quantity = 4, PendingQuantity = 0,
                Price = 72.7550m, Tag = "bc123", PlacedAt = _at,
            }],
            [new BrokerTrade { TradeId = "T1", OrderId = "K0", TradingSymbol = "INFY", Exchange = "NSE", TransactionType = TransactionType.Buy, Quantity = 3, AveragePrice = 1500.5m, FilledAt = _at, Product = ProductType.Cnc }])
        {
            IsStale = stale,
            ReadAt = stale ? _at : null,
        },
    ], [_dhanDown], _at);

    [Fact]
    public void Orders_rows_carry_numbers_times_the_common_status_and_the_reason()
    {
        var table = OrdersExporter.Build(Books(), Accounts(), InstrumentIndex.Empty);

        var order = Row(table, r => Equals(r[0], "Kite main"));
        Assert.Equal("NSE:SBIN", Cell(table, order, "Instrument"));
        Assert.Equal("K1", Cell(table, order, "Order ID"));
        Assert.Equal(_at, Cell(table, order, "Placed at"));
        Assert.Equal("Sell", Cell(table, order, "Side"));
        Assert.Equal(4, Cell(table, order, "Quantity"));
        Assert.Equal(72.7550m, Cell(table, order, "Price"));
        Assert.Null(Cell(table, order, "Trigger price"));
        Assert.Equal("Rejected", Cell(table, order, "Status"));
        Assert.Equal("REJECTED", Cell(table, order, "Broker status"));
        Assert.Equal("-Insufficient funds", Cell(table, order, "Reason"));
        Assert.Null(order[^1]);
        Assert.Equal("Not included: Dhan did not answer.", Row(table, r => Equals(r[0], "Dhan"))[^1]);
    }

    [Fact]
    public void Stale_rows_say_when_they_were_read()
    {
        var table = OrdersExporter.Build(Books(stale: true), Accounts(), InstrumentIndex.Empty);

        Assert.Equal("Stale: the last good rows, as read at 04 Dec 2026, 09:30:00 IST", Row(table, r => Equals(r[0], "Kite main"))[^1]);
    }

    [Fact]
    public void Trades_rows_carry_the_fill_and_its_value()
    {
        var table = TradesExporter.Build(Books(), Accounts(), InstrumentIndex.Empty);

        var trade = Row(table, r => Equals(r[0], "Kite main"));
        Assert.Equal(["Kite main", "Zerodha", "DA1234", "NSE:INFY", "NSE:INFY", "T1", "K0", _at, "Buy", "CNC", 3, 1500.5m, 4501.5m, null], trade);
        Assert.Single(table.Failures);
    }

    [Fact]
    public void Run_results_one_row_per_item_with_outcome_order_id_and_reason()
    {
        var runId = Guid.NewGuid();
        var run = new ScheduleRun
        {
            Id = runId,
            OwnerId = "u",
            ScheduleName = "Closing buy",
            Kind = RunKind.Basket,
            DueAt = _at,
            StartedAt = _at,
            Status = ScheduleRunStatus.Completed,
            Items =
            [
                new ScheduleRunItem
                {
                    RunId = runId, AccountId = _kite, Tag = "sc1", Summary = "", Status = ScheduleRunItemStatus.Placed, BrokerOrderId = "K9",
                    Order = new ScheduledOrder { TradingSymbol = "SBIN", Quantity = 2, Side = TransactionType.Buy }, StartedAt = _at, CompletedAt = _at.AddSeconds(1),
                },
                new ScheduleRunItem
                {
                    RunId = runId, AccountId = _angel, Tag = "sc2", Summary = "", Status = ScheduleRunItemStatus.Skipped, Message = "No live session.",
                    Order = new ScheduledOrder { TradingSymbol = "SBIN", Quantity = 2, Side = TransactionType.Buy },
                },
            ],
        };

        var table = RunResultsExporter.Build([run], Accounts(), new ExportScope());

        Assert.Equal(2, table.Rows.Count);
        var placed = Row(table, r => Equals(r[3], "Kite main"));
        Assert.Equal(["Closing buy", "Basket", _at, "Kite main", "Zerodha", "DA1234", "NSE", "SBIN", "Buy", 2, "Market", null, "Placed", "K9", null, _at, _at.AddSeconds(1), "sc1"], placed);
        var skipped = Row(table, r => Equals(r[3], "=Angel"));
        Assert.Equal("Skipped", Cell(table, skipped, "Outcome"));
        Assert.Equal("No live session.", Cell(table, skipped, "Reason"));
        Assert.Single(RunResultsExporter.Build([run], Accounts(), new ExportScope(_angel)).Rows);
    }

    [Fact]
    public void Audit_rows_name_the_action_and_the_account()
    {
        var entries = new[]
        {
            new AuditEntry { UserId = "u", At = _at, Action = AuditAction.SecretRevealed, AccountId = _kite, Summary = "Revealed API secret of 'Kite main'", ClientIp = "127.0.0.1" },
            new AuditEntry { UserId = "u", At = _at, Action = AuditAction.SignedIn, Summary = "Signed in" },
        };

        var table = AuditLogExporter.Build(entries, Accounts());

        Assert.Equal([_at, "Secret revealed", "Kite main", "Zerodha", "DA1234", "Revealed API secret of 'Kite main'", "127.0.0.1"], table.Rows[0]);
        Assert.Equal([_at, "Signed in", null, null, null, "Signed in", null], table.Rows[1]);
    }
}
