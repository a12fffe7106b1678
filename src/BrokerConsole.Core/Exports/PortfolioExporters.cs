using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Portfolio;

namespace BrokerConsole.Core.Exports;

/// <summary>
/// Holdings, one row per (console instrument, account line), as the Portfolio page shows them: in the console's
/// instrument names, valued at the one common last price.
/// </summary>
internal sealed class HoldingsExporter(IPortfolioService portfolio, IAccountService accountService) : IExporter
{
    private static readonly ExportColumn[] _columns =
    [
        .. ExportAccounts.Columns,
        new("Exchange"), new("Symbol"), new("ISIN"), new("Product"),
        new("Quantity", ExportCellKind.Quantity), new("Average price", ExportCellKind.Price), new("Last price", ExportCellKind.Price),
        new("Invested", ExportCellKind.Money), new("Value", ExportCellKind.Money), new("P&L", ExportCellKind.Money), new("Day P&L", ExportCellKind.Money),
        ExportAccounts.Note,
    ];

    public ExportKind Kind => ExportKind.Holdings;

    public async Task<ExportTable> BuildAsync(ExportScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var accounts = await ExportAccounts.LoadAsync(accountService, cancellationToken);
        return Build(await portfolio.LoadAsync(cancellationToken), accounts, scope);
    }

    /// <summary>The rows of a loaded portfolio: separate from loading so they can be checked cell by cell.</summary>
    public static ExportTable Build(PortfolioSnapshot snapshot, ExportAccounts accounts, ExportScope scope)
    {
        var isins = snapshot.Accounts
            .SelectMany(a => a.Holdings.Where(h => h.Isin is not null).Select(h => (Key: (a.AccountId, h.Exchange.ToUpperInvariant(), h.TradingSymbol.ToUpperInvariant()), h.Isin)))
            .DistinctBy(x => x.Key)
            .ToDictionary(x => x.Key, x => x.Isin);

        var rows = new List<object?[]>();
        foreach (var aggregate in snapshot.Holdings.OrderBy(h => h.Instrument.ToString(), StringComparer.Ordinal))
        {
            foreach (var line in aggregate.Accounts.Where(l => scope.AccountId is null || l.AccountId == scope.AccountId))
            {
                var key = (line.AccountId, aggregate.Instrument.Exchange.ToUpperInvariant(), aggregate.Instrument.TradingSymbol.ToUpperInvariant());
                rows.Add([
                    .. accounts.Cells(line.AccountId, line.DisplayName),
                    aggregate.Instrument.Exchange, aggregate.Instrument.TradingSymbol, isins.GetValueOrDefault(key), line.Product,
                    line.Quantity, line.AveragePrice, line.LastPrice, line.Invested, line.Value, line.Pnl, line.DayPnl,
                    null,
                ]);
            }
        }

        var failures = snapshot.Issues.Where(i => scope.AccountId is null || i.AccountId == scope.AccountId).Select(accounts.Failure).ToList();
        return new ExportTable("Holdings", _columns, ExportAccounts.WithFailureRows(rows, failures, _columns.Length), failures);
    }
}

/// <summary>Net and day positions, one row per (book, console instrument, account line), as the Portfolio page shows them.</summary>
internal sealed class PositionsExporter(IPortfolioService portfolio, IAccountService accountService) : IExporter
{
    private static readonly ExportColumn[] _columns =
    [
        .. ExportAccounts.Columns,
        new("Book"), new("Exchange"), new("Symbol"), new("Product"),
        new("Quantity", ExportCellKind.Quantity), new("Multiplier", ExportCellKind.Price), new("Average price", ExportCellKind.Price),
        new("Last price", ExportCellKind.Price), new("Value", ExportCellKind.Money), new("P&L", ExportCellKind.Money), new("Day P&L", ExportCellKind.Money),
        ExportAccounts.Note,
    ];

    public ExportKind Kind => ExportKind.Positions;

    public async Task<ExportTable> BuildAsync(ExportScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var accounts = await ExportAccounts.LoadAsync(accountService, cancellationToken);
        return Build(await portfolio.LoadAsync(cancellationToken), accounts, scope);
    }

    /// <summary>The rows of a loaded portfolio: separate from loading so they can be checked cell by cell.</summary>
    public static ExportTable Build(PortfolioSnapshot snapshot, ExportAccounts accounts, ExportScope scope)
    {
        var rows = new List<object?[]>();
        foreach (var (book, aggregates) in new[] { ("Net", snapshot.NetPositions), ("Day", snapshot.DayPositions) })
        {
            foreach (var aggregate in aggregates.OrderBy(p => p.Instrument.ToString(), StringComparer.Ordinal))
            {
                foreach (var line in aggregate.Accounts.Where(l => scope.AccountId is null || l.AccountId == scope.AccountId))
                {
                    rows.Add([
                        .. accounts.Cells(line.AccountId, line.DisplayName),
                        book, aggregate.Instrument.Exchange, aggregate.Instrument.TradingSymbol, line.Product,
                        line.Quantity, line.Multiplier, line.AveragePrice, line.LastPrice, line.Value, line.Pnl, line.DayPnl,
                        null,
                    ]);
                }
            }
        }

        var failures = snapshot.Issues.Where(i => scope.AccountId is null || i.AccountId == scope.AccountId).Select(accounts.Failure).ToList();
        return new ExportTable("Positions", _columns, ExportAccounts.WithFailureRows(rows, failures, _columns.Length), failures);
    }
}
