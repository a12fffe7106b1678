using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Exports;

/// <summary>
/// Schedule and basket run results: one row per (run, account, order) with its outcome, the broker's order id and the
/// reason, newest run first. Read from the database (what the run recorded), so no broker is called.
/// </summary>
internal sealed class RunResultsExporter(IDbContextFactory<BrokerConsoleDbContext> dbFactory, ICurrentUser currentUser, IAccountService accountService) : IExporter
{
    /// <summary>Enough history for a month of daily runs on many accounts, small enough for one download.</summary>
    public const int MaxRuns = 500;

    private static readonly ExportColumn[] _columns =
    [
        new("Run"), new("Kind"), new("Run time", ExportCellKind.Time),
        .. ExportAccounts.Columns,
        new("Exchange"), new("Symbol"), new("Side"), new("Quantity", ExportCellKind.Quantity), new("Order type"), new("Price", ExportCellKind.Price),
        new("Outcome"), new("Broker order ID"), new("Reason"), new("Sent at", ExportCellKind.Time), new("Done at", ExportCellKind.Time), new("Tag"),
    ];

    public ExportKind Kind => ExportKind.Runs;

    public async Task<ExportTable> BuildAsync(ExportScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var ownerId = currentUser.RequireUserId();
        var accounts = await ExportAccounts.LoadAsync(accountService, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.ScheduleRuns.AsNoTracking().Where(r => r.OwnerId == ownerId);
        if (scope.RunId is { } runId)
        {
            query = query.Where(r => r.Id == runId);
        }

        // SQLite cannot order by DateTimeOffset: newest first is done in memory over the owner's runs.
        var runs = (await query.Include(r => r.Items).ToListAsync(cancellationToken))
            .OrderByDescending(r => r.StartedAt ?? r.DueAt)
            .Take(MaxRuns)
            .ToList();
        if (scope.RunId is { } wanted && runs.Count == 0)
        {
            throw new ScheduleNotFoundException(wanted);
        }

        return Build(runs, accounts, scope);
    }

    /// <summary>The rows of loaded runs, newest first as given.</summary>
    public static ExportTable Build(IEnumerable<ScheduleRun> runs, ExportAccounts accounts, ExportScope scope)
    {
        var rows = new List<object?[]>();
        foreach (var run in runs)
        {
            foreach (var item in run.Items.Where(i => scope.AccountId is null || i.AccountId == scope.AccountId).OrderBy(i => accounts.Name(i.AccountId), StringComparer.Ordinal).ThenBy(i => i.OrderIndex))
            {
                rows.Add([
                    run.ScheduleName, run.Kind == RunKind.Basket ? "Basket" : run.Manual ? "Schedule (run now)" : "Schedule", run.StartedAt ?? run.DueAt,
                    .. accounts.Cells(item.AccountId),
                    item.Order.Exchange, item.Order.TradingSymbol, BookNames.Side(item.Order.Side), item.Order.Quantity, item.Order.OrderType.ToString(), item.Order.Price,
                    Outcome(item.Status), item.BrokerOrderId, item.Message, item.StartedAt, item.CompletedAt, item.Tag,
                ]);
            }
        }

        return new ExportTable("Run results", _columns, rows, []);
    }

    /// <summary>The run page's words for an item's state.</summary>
    public static string Outcome(ScheduleRunItemStatus status) => status switch
    {
        ScheduleRunItemStatus.Pending => "Waiting",
        ScheduleRunItemStatus.Sending => "Sending",
        ScheduleRunItemStatus.Checking => "Unknown, checking",
        _ => status.ToString(),
    };
}
