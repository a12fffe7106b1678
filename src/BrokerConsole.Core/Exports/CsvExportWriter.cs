using System.Globalization;
using BrokerConsole.Core.Time;
using CsvHelper;

namespace BrokerConsole.Core.Exports;

/// <summary>
/// Writes a table as RFC 4180 CSV in UTF-8 with a byte order mark (so Excel reads names in any script), invariant
/// numbers (a dot, no grouping) and IST times as <c>yyyy-MM-dd HH:mm:ss</c>. Text fields that start like a formula get
/// an apostrophe in front (<see cref="FormulaGuard"/>); numbers are written as numbers, so a negative P&amp;L stays one.
/// </summary>
public static class CsvExportWriter
{
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    public static byte[] Write(ExportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var buffer = new MemoryStream();
        // CsvHelper's own injection escape is left off: it would treat a formatted time as text too; the guard below is
        // applied to text cells only, by the same rule the Excel writer uses.
        using (var csv = CsvWriter.Create(buffer, new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.None }, true))
        {
            foreach (var column in table.Columns)
            {
                csv.WriteField(FormulaGuard.ForCsv(column.Title));
            }

            csv.EndRecord();
            foreach (var row in table.Rows)
            {
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    WriteCell(csv, i < row.Length ? row[i] : null);
                }

                csv.EndRecord();
            }
        }

        return buffer.ToArray();
    }

    private static void WriteCell(CsvWriter csv, object? value)
    {
        switch (value)
        {
            case null:
                csv.WriteField((string?)null);
                break;
            case DateTimeOffset time:
                csv.WriteField(IndianTime.ToIst(time).ToString(TimeFormat, CultureInfo.InvariantCulture));
                break;
            case decimal number:
                csv.WriteField(number, default);
                break;
            case int number:
                csv.WriteField(number, default);
                break;
            case long number:
                csv.WriteField(number, default);
                break;
            default:
                csv.WriteField(FormulaGuard.ForCsv(Convert.ToString(value, CultureInfo.InvariantCulture)));
                break;
        }
    }
}
