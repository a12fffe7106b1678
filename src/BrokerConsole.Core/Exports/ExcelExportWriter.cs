using BrokerConsole.Core.Time;
using ClosedXML.Excel;

namespace BrokerConsole.Core.Exports;

/// <summary>
/// Writes a table as an .xlsx workbook: a bold, frozen header row with an auto-filter, numbers as numeric cells with a
/// number format, times as real date cells in IST, and text as text (never parsed into a number, date or formula). Accounts
/// that are not in the data get a second sheet, "Not included", so a partial export says so even when sorted or filtered.
/// </summary>
public static class ExcelExportWriter
{
    public const string FailuresSheet = "Not included";

    public const string QuantityFormat = "#,##0";
    public const string PriceFormat = "#,##0.00##";
    public const string MoneyFormat = "#,##0.00";
    public const string TimeFormat = "yyyy-mm-dd hh:mm:ss";

    public static byte[] Write(ExportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(SheetName(table.Title));
        WriteSheet(sheet, table.Columns, table.Rows);

        if (table.Failures.Count > 0)
        {
            var failures = workbook.Worksheets.Add(FailuresSheet);
            WriteSheet(failures,
                [new("Account"), new("Broker"), new("Client ID"), new("Problem")],
                [.. table.Failures.Select(f => new object?[] { f.Account, f.Broker, f.ClientId, f.Problem })]);
        }

        using var buffer = new MemoryStream();
        workbook.SaveAs(buffer);
        return buffer.ToArray();
    }

    private static void WriteSheet(IXLWorksheet sheet, IReadOnlyList<ExportColumn> columns, IReadOnlyList<object?[]> rows)
    {
        var widths = new int[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            var header = sheet.Cell(1, c + 1);
            WriteText(header, columns[c].Title);
            header.Style.Font.Bold = true;
            widths[c] = columns[c].Title.Length;
        }

        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                var value = c < rows[r].Length ? rows[r][c] : null;
                var shown = Write(sheet.Cell(r + 2, c + 1), columns[c].Kind, value);
                widths[c] = Math.Max(widths[c], shown);
            }
        }

        sheet.SheetView.FreezeRows(1);
        sheet.Range(1, 1, Math.Max(1, rows.Count + 1), Math.Max(1, columns.Count)).SetAutoFilter();
        for (var c = 0; c < columns.Count; c++)
        {
            // Widths from the text length: ClosedXML's AdjustToContents measures fonts with System.Drawing, absent on Linux.
            sheet.Column(c + 1).Width = Math.Clamp(widths[c] + 3, 8, 60);
        }
    }

    /// <summary>Writes one cell and returns about how many characters it shows, for the column width.</summary>
    private static int Write(IXLCell cell, ExportCellKind kind, object? value)
    {
        switch (value)
        {
            case null:
                return 0;
            case DateTimeOffset time:
                cell.SetValue(IndianTime.ToIst(time).DateTime);
                cell.Style.NumberFormat.Format = TimeFormat;
                return TimeFormat.Length;
            case decimal or int or long:
                var number = Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture);
                cell.SetValue(number);
                cell.Style.NumberFormat.Format = kind switch
                {
                    ExportCellKind.Quantity => QuantityFormat,
                    ExportCellKind.Money => MoneyFormat,
                    _ => PriceFormat,
                };
                return 14;
            default:
                var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                WriteText(cell, text);
                return Math.Min(text.Length, 60);
        }
    }

    /// <summary>
    /// Text stays text: the cell is typed as text (so "00123" or "=1+2" is neither parsed nor evaluated), and a risky
    /// first character also gets Excel's quote prefix, so editing the cell in Excel does not turn it into a formula either.
    /// </summary>
    private static void WriteText(IXLCell cell, string text)
    {
        cell.DataType = XLDataType.Text;
        cell.SetValue(text);
        cell.DataType = XLDataType.Text;
        if (FormulaGuard.IsRisky(text))
        {
            cell.Style.IncludeQuotePrefix = true;
        }
    }

    /// <summary>Excel's sheet name rules: at most 31 characters, none of : \ / ? * [ ].</summary>
    private static string SheetName(string title)
    {
        var cleaned = new string([.. title.Select(ch => ch is ':' or '\\' or '/' or '?' or '*' or '[' or ']' ? ' ' : ch)]).Trim();
        return cleaned.Length == 0 ? "Export" : cleaned.Length > 31 ? cleaned[..31] : cleaned;
    }
}
