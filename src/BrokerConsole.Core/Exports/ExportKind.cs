namespace BrokerConsole.Core.Exports;

/// <summary>What can be downloaded as a spreadsheet.</summary>
public enum ExportKind
{
    Holdings,
    Positions,
    Orders,
    Trades,

    /// <summary>The items of schedule and basket runs: one row per (account, order) with its outcome.</summary>
    Runs,

    /// <summary>The signed-in user's audit log.</summary>
    Audit,
}

/// <summary>The file formats of an export.</summary>
public enum ExportFormat
{
    Csv,
    Xlsx,
}

/// <summary>The names used in download addresses (<c>/exports/holdings.xlsx</c>) and file names.</summary>
public static class ExportNames
{
    public const string CsvContentType = "text/csv";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string Slug(ExportKind kind) => kind.ToString().ToLowerInvariant();

    public static string Extension(ExportFormat format) => format == ExportFormat.Csv ? "csv" : "xlsx";

    public static string ContentType(ExportFormat format) => format == ExportFormat.Csv ? CsvContentType : XlsxContentType;

    /// <summary>Reads a kind from an address; only the documented lower-case names, never an enum number.</summary>
    public static bool TryParseKind(string? text, out ExportKind kind)
    {
        foreach (var candidate in Enum.GetValues<ExportKind>())
        {
            if (string.Equals(text, Slug(candidate), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static bool TryParseFormat(string? text, out ExportFormat format)
    {
        format = string.Equals(text, "csv", StringComparison.OrdinalIgnoreCase) ? ExportFormat.Csv : ExportFormat.Xlsx;
        return string.Equals(text, "csv", StringComparison.OrdinalIgnoreCase) || string.Equals(text, "xlsx", StringComparison.OrdinalIgnoreCase);
    }
}
