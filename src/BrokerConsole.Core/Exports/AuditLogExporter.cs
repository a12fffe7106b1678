using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Exports;

/// <summary>
/// The signed-in user's audit log, newest first. Entries never hold a secret value (see <see cref="AuditEntry"/>), so
/// neither does the export.
/// </summary>
internal sealed class AuditLogExporter(IDbContextFactory<BrokerConsoleDbContext> dbFactory, ICurrentUser currentUser, IAccountService accountService) : IExporter
{
    public const int MaxEntries = 20_000;

    private static readonly ExportColumn[] _columns =
        [new("Time", ExportCellKind.Time), new("Action"), new("Account"), new("Broker"), new("Client ID"), new("Summary"), new("Client IP")];

    public ExportKind Kind => ExportKind.Audit;

    public async Task<ExportTable> BuildAsync(ExportScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var userId = currentUser.RequireUserId();
        var accounts = await ExportAccounts.LoadAsync(accountService, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking().Where(e => e.UserId == userId);
        if (scope.AccountId is { } accountId)
        {
            query = query.Where(e => e.AccountId == accountId);
        }

        // Ids grow with time, and SQLite cannot order by DateTimeOffset: newest first by id.
        return Build(await query.OrderByDescending(e => e.Id).Take(MaxEntries).ToListAsync(cancellationToken), accounts);
    }

    /// <summary>The rows of loaded entries, in the order given.</summary>
    public static ExportTable Build(IEnumerable<AuditEntry> entries, ExportAccounts accounts)
    {
        var rows = entries.Select(e => (object?[])[
            e.At, AuditLabels.For(e.Action),
            .. e.AccountId is { } id ? accounts.Cells(id) : [null, null, null],
            e.Summary, e.ClientIp,
        ]).ToList();
        return new ExportTable("Audit log", _columns, rows, []);
    }
}
