namespace BrokerConsole.Core.Exports;

/// <summary>How a column's cells are written: text, or a number or time that a spreadsheet can sum and sort.</summary>
public enum ExportCellKind
{
    Text,

    /// <summary>A whole number (quantities).</summary>
    Quantity,

    /// <summary>A price: up to 4 decimals, since currency instruments tick in 0.0025.</summary>
    Price,

    /// <summary>Rupees: values and P&amp;L, 2 decimals.</summary>
    Money,

    /// <summary>An instant, written in IST (the header says so).</summary>
    Time,
}

/// <summary>One column of an export.</summary>
public sealed record ExportColumn(string Header, ExportCellKind Kind = ExportCellKind.Text)
{
    /// <summary>The column header; a time column names its zone so nobody reads IST as UTC.</summary>
    public string Title => Kind == ExportCellKind.Time ? Header + " (IST)" : Header;
}

/// <summary>
/// An account whose data is not in the export (no session, broker failed): an export never looks complete when it is not.
/// </summary>
public sealed record ExportFailure(string Account, string Broker, string ClientId, string Problem);

/// <summary>
/// Rows ready for a writer. Each row has one cell per column: <c>string</c>, <c>int</c>/<c>long</c>/<c>decimal</c>,
/// <c>DateTimeOffset</c>, or null for an empty cell.
/// </summary>
public sealed record ExportTable(string Title, IReadOnlyList<ExportColumn> Columns, IReadOnlyList<object?[]> Rows, IReadOnlyList<ExportFailure> Failures);

/// <summary>A finished download.</summary>
public sealed record ExportFile(string FileName, string ContentType, byte[] Content, int FailedAccounts);
