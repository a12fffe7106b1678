using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Time;

namespace BrokerConsole.Core.Exports;

/// <summary>
/// Today's orders of the user's accounts as the brokers' books report them, with the console instrument beside the
/// broker's own symbol (Dhan's security id reads as NSE:SBIN too). Rows kept from an earlier read after a failed one are
/// marked stale with the time they were read.
/// </summary>
internal sealed class OrdersExporter(IOrderService orders, IAccountService accountService, InstrumentCatalog instruments) : IExporter
{
    private static readonly ExportColumn[] _columns =
    [
        .. ExportAccounts.Columns,
        new("Instrument"), new("Broker symbol"), new("Order ID"), new("Placed at", ExportCellKind.Time), new("Side"), new("Order type"), new("Product"),
        new("Quantity", ExportCellKind.Quantity), new("Filled", ExportCellKind.Quantity), new("Pending", ExportCellKind.Quantity),
        new("Price", ExportCellKind.Price), new("Trigger price", ExportCellKind.Price), new("Average price", ExportCellKind.Price),
        new("Status"), new("Broker status"), new("Reason"), new("Tag"),
        ExportAccounts.Note,
    ];

    public ExportKind Kind => ExportKind.Orders;

    public async Task<ExportTable> BuildAsync(ExportScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var accounts = await ExportAccounts.LoadAsync(accountService, cancellationToken);
        var snapshot = await orders.GetTodayAsync(scope.AccountId, cancellationToken);
        return Build(snapshot, accounts, await instruments.GetAsync(cancellationToken));
    }

    /// <summary>The rows of loaded books: separate from loading so they can be checked cell by cell.</summary>
    public static ExportTable Build(OrdersSnapshot snapshot, ExportAccounts accounts, InstrumentIndex index)
    {
        var rows = new List<object?[]>();
        foreach (var account in snapshot.Accounts)
        {
            foreach (var order in account.Orders.OrderBy(o => o.PlacedAt ?? DateTimeOffset.MinValue))
            {
                rows.Add([
                    .. accounts.Cells(account.AccountId, account.DisplayName),
                    BookNames.Instrument(index, account.Broker, order.Exchange, order.TradingSymbol, order.InstrumentToken),
                    order.Exchange + ":" + order.TradingSymbol, order.OrderId, order.PlacedAt,
                    BookNames.Side(order.TransactionType), order.OrderType.ToString(), order.Product.ToString().ToUpperInvariant(),
                    order.Quantity, order.FilledQuantity, order.PendingQuantity,
                    order.Price == 0 ? null : order.Price, order.TriggerPrice == 0 ? null : order.TriggerPrice, order.AveragePrice == 0 ? null : order.AveragePrice,
                    OrderStatusText.Describe(order), order.RawStatus, order.StatusMessage, order.Tag,
                    BookNames.StaleNote(account),
                ]);
            }
        }

        var failures = snapshot.Issues.Select(accounts.Failure).ToList();
        return new ExportTable("Orders", _columns, ExportAccounts.WithFailureRows(rows, failures, _columns.Length), failures);
    }
}

/// <summary>Today's fills of the user's accounts, with the console instrument and the fill's value.</summary>
internal sealed class TradesExporter(IOrderService orders, IAccountService accountService, InstrumentCatalog instruments) : IExporter
{
    private static readonly ExportColumn[] _columns =
    [
        .. ExportAccounts.Columns,
        new("Instrument"), new("Broker symbol"), new("Trade ID"), new("Order ID"), new("Filled at", ExportCellKind.Time), new("Side"), new("Product"),
        new("Quantity", ExportCellKind.Quantity), new("Price", ExportCellKind.Price), new("Value", ExportCellKind.Money),
        ExportAccounts.Note,
    ];

    public ExportKind Kind => ExportKind.Trades;

    public async Task<ExportTable> BuildAsync(ExportScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var accounts = await ExportAccounts.LoadAsync(accountService, cancellationToken);
        var snapshot = await orders.GetTodayAsync(scope.AccountId, cancellationToken);
        return Build(snapshot, accounts, await instruments.GetAsync(cancellationToken));
    }

    /// <summary>The rows of loaded books: separate from loading so they can be checked cell by cell.</summary>
    public static ExportTable Build(OrdersSnapshot snapshot, ExportAccounts accounts, InstrumentIndex index)
    {
        var rows = new List<object?[]>();
        foreach (var account in snapshot.Accounts)
        {
            foreach (var trade in account.Trades.OrderBy(t => t.FilledAt ?? DateTimeOffset.MinValue))
            {
                rows.Add([
                    .. accounts.Cells(account.AccountId, account.DisplayName),
                    BookNames.Instrument(index, account.Broker, trade.Exchange, trade.TradingSymbol, trade.InstrumentToken),
                    trade.Exchange + ":" + trade.TradingSymbol, trade.TradeId, trade.OrderId, trade.FilledAt ?? trade.ExchangeTimestamp,
                    BookNames.Side(trade.TransactionType), trade.Product.ToString().ToUpperInvariant(),
                    trade.Quantity, trade.AveragePrice, trade.Quantity * trade.AveragePrice,
                    BookNames.StaleNote(account),
                ]);
            }
        }

        var failures = snapshot.Issues.Select(accounts.Failure).ToList();
        return new ExportTable("Trades", _columns, ExportAccounts.WithFailureRows(rows, failures, _columns.Length), failures);
    }
}

/// <summary>Shared wording of order-book rows.</summary>
internal static class BookNames
{
    /// <summary>The console instrument (EXCHANGE:SYMBOL) behind a broker's book line; the broker's own names when the catalog does not know it.</summary>
    public static string Instrument(InstrumentIndex index, BrokerKind broker, string exchange, string symbol, long token) =>
        index.Resolve(broker, exchange, symbol, token) is { } i ? i.Exchange + ":" + i.Symbol : exchange + ":" + symbol;

    public static string Side(TransactionType side) => side switch
    {
        TransactionType.Buy => "Buy",
        TransactionType.Sell => "Sell",
        _ => "",
    };

    public static string? StaleNote(AccountOrders account) =>
        account.IsStale && account.ReadAt is { } at ? $"Stale: the last good rows, as read at {IndianTime.Format(at)} IST" : null;
}
