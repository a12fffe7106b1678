using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Portfolio;

namespace BrokerConsole.Core.Exports;

/// <summary>
/// The account columns every broker-backed export starts with (name, broker, client id), and the rows that say which
/// account is missing and why: an export with a failed broker is never silently partial.
/// </summary>
internal sealed class ExportAccounts(IReadOnlyList<AccountSummary> accounts)
{
    public static readonly ExportColumn[] Columns = [new("Account"), new("Broker"), new("Client ID")];

    /// <summary>The last column of broker-backed exports: empty, or why a row is stale or an account is missing.</summary>
    public static readonly ExportColumn Note = new("Note");

    private readonly Dictionary<Guid, AccountSummary> _byId = accounts.ToDictionary(a => a.Id);

    public static async Task<ExportAccounts> LoadAsync(IAccountService service, CancellationToken cancellationToken) =>
        new(await service.ListAsync(cancellationToken));

    /// <summary>Name, broker, client id of an account; an account deleted since keeps its id's place with a plain word.</summary>
    public object?[] Cells(Guid accountId, string? fallbackName = null) => _byId.TryGetValue(accountId, out var a)
        ? [a.DisplayName, a.BrokerName, a.ClientId]
        : [fallbackName ?? "(deleted account)", null, null];

    public string Name(Guid accountId) => _byId.TryGetValue(accountId, out var a) ? a.DisplayName : "(deleted account)";

    public ExportFailure Failure(AccountIssue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return _byId.TryGetValue(issue.AccountId, out var a)
            ? new ExportFailure(a.DisplayName, a.BrokerName, a.ClientId, issue.Message)
            : new ExportFailure(issue.DisplayName, "", "", issue.Message);
    }

    /// <summary>A row of <paramref name="width"/> cells for a missing account: its columns, then "Not included: why" in the note.</summary>
    public static object?[] FailureRow(ExportFailure failure, int width)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var row = new object?[width];
        row[0] = failure.Account;
        row[1] = failure.Broker;
        row[2] = failure.ClientId;
        row[width - 1] = "Not included: " + failure.Problem;
        return row;
    }

    /// <summary>Puts the missing accounts' rows after the data rows.</summary>
    public static List<object?[]> WithFailureRows(List<object?[]> rows, IReadOnlyList<ExportFailure> failures, int width)
    {
        rows.AddRange(failures.Select(f => FailureRow(f, width)));
        return rows;
    }
}
