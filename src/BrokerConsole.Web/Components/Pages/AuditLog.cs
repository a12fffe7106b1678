using System.Globalization;
using System.Text;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Time;

namespace BrokerConsole.Web.Components.Pages;

/// <summary>One row of "Recent activity", with the account's name resolved.</summary>
public sealed record AuditRow(DateTimeOffset At, AuditAction Action, string? Account, string Detail)
{
    public string Label => AuditLabels.For(Action);
}

/// <summary>
/// The activity filter: an action, and words matched anywhere in the label, account or detail. The CSV export
/// takes exactly the rows the filter shows.
/// </summary>
public sealed class AuditFilter
{
    public AuditAction? Action { get; set; }

    public string Text { get; set; } = "";

    public bool IsEmpty => Action is null && string.IsNullOrWhiteSpace(Text);

    public IReadOnlyList<AuditRow> Apply(IEnumerable<AuditRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var words = Text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return [.. rows.Where(r => (Action is null || r.Action == Action)
            && words.All(w => r.Label.Contains(w, StringComparison.OrdinalIgnoreCase)
                || r.Detail.Contains(w, StringComparison.OrdinalIgnoreCase)
                || (r.Account?.Contains(w, StringComparison.OrdinalIgnoreCase) ?? false)))];
    }
}

/// <summary>
/// CSV of activity rows for a spreadsheet: the timestamp as an ISO 8601 value (UTC) plus IST for people, the
/// action's code and label, the account, and the full detail. A cell that a spreadsheet would run as a formula
/// is prefixed with an apostrophe.
/// </summary>
public static class AuditCsv
{
    public static string Write(IEnumerable<AuditRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var csv = new StringBuilder("at_utc,at_ist,action,label,account,detail\r\n");
        foreach (var row in rows)
        {
            csv.Append(Cell(row.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))).Append(',')
               .Append(Cell(IndianTime.ToIst(row.At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))).Append(',')
               .Append(Cell(row.Action.ToString())).Append(',')
               .Append(Cell(row.Label)).Append(',')
               .Append(Cell(row.Account ?? "")).Append(',')
               .Append(Cell(row.Detail)).Append("\r\n");
        }

        return csv.ToString();
    }

    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
