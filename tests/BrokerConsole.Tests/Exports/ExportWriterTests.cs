using System.Text;
using BrokerConsole.Core.Exports;
using ClosedXML.Excel;

namespace BrokerConsole.Tests.Exports;

/// <summary>The two writers and the formula guard, on a table whose every cell is known.</summary>
public sealed class ExportWriterTests
{
    /// <summary>09:30 IST.</summary>
    private static readonly DateTimeOffset _at = new(2026, 12, 4, 4, 0, 0, TimeSpan.Zero);

    private static ExportTable Table(IReadOnlyList<ExportFailure>? failures = null) => new(
        "Holdings",
        [new("Account"), new("Symbol"), new("Quantity", ExportCellKind.Quantity), new("Price", ExportCellKind.Price), new("P&L", ExportCellKind.Money), new("At", ExportCellKind.Time)],
        [
            ["Family HUF", "SBIN", 10, 72.7550m, -161050.5m, _at],
            ["=HYPERLINK(\"http://x\",\"a\")", "-SBIN", -3, 0.05m, 0m, null],
            ["@SUM(A1)", "+91", 1, 1m, 2m, null],
            ["\tTabbed", "00123", 0, null, null, null],
        ],
        failures ?? []);

    [Theory]
    [InlineData("=1+2", true)]
    [InlineData("+91 98", true)]
    [InlineData("-SBIN", true)]
    [InlineData("@SUM(A1)", true)]
    [InlineData("\tcmd", true)]
    [InlineData("\rcmd", true)]
    [InlineData("SBIN-EQ", false)]
    [InlineData("Family HUF", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Guard_flags_text_that_starts_like_a_formula(string? text, bool risky)
    {
        Assert.Equal(risky, FormulaGuard.IsRisky(text));
        Assert.Equal(risky ? "'" + text : text ?? "", FormulaGuard.ForCsv(text));
    }

    [Fact]
    public void Csv_has_a_header_invariant_numbers_ist_times_and_guarded_text_only()
    {
        var bytes = CsvExportWriter.Write(Table());

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal("Account,Symbol,Quantity,Price,P&L,At (IST)", lines[0]);
        Assert.Equal("Family HUF,SBIN,10,72.7550,-161050.5,2026-12-04 09:30:00", lines[1]);
        // Text that starts like a formula gets an apostrophe; the negative quantity beside it stays a number.
        Assert.Equal("\"'=HYPERLINK(\"\"http://x\"\",\"\"a\"\")\",'-SBIN,-3,0.05,0,", lines[2]);
        Assert.Equal("'@SUM(A1),'+91,1,1,2,", lines[3]);
        Assert.Equal("'\tTabbed,00123,0,,,", lines[4]);
        Assert.Equal("", lines[5]);
        Assert.Equal(6, lines.Length);
    }

    [Fact]
    public void Excel_types_every_cell_freezes_and_filters_the_header()
    {
        using var workbook = new XLWorkbook(new MemoryStream(ExcelExportWriter.Write(Table())));
        var sheet = Assert.Single(workbook.Worksheets);
        Assert.Equal("Holdings", sheet.Name);
        Assert.Equal(["Account", "Symbol", "Quantity", "Price", "P&L", "At (IST)"], Enumerable.Range(1, 6).Select(c => sheet.Cell(1, c).GetString()));
        Assert.True(sheet.Cell(1, 1).Style.Font.Bold);
        Assert.Equal(1, sheet.SheetView.SplitRow);
        Assert.True(sheet.AutoFilter.IsEnabled);
        Assert.Equal("A1:F5", sheet.AutoFilter.Range.RangeAddress.ToString());

        Assert.Equal(XLDataType.Number, sheet.Cell(2, 3).DataType);
        Assert.Equal(10d, sheet.Cell(2, 3).GetDouble());
        Assert.Equal(ExcelExportWriter.QuantityFormat, sheet.Cell(2, 3).Style.NumberFormat.Format);
        Assert.Equal(72.755d, sheet.Cell(2, 4).GetDouble());
        Assert.Equal(ExcelExportWriter.PriceFormat, sheet.Cell(2, 4).Style.NumberFormat.Format);
        Assert.Equal(-161050.5d, sheet.Cell(2, 5).GetDouble());
        Assert.Equal(ExcelExportWriter.MoneyFormat, sheet.Cell(2, 5).Style.NumberFormat.Format);
        Assert.Equal(XLDataType.DateTime, sheet.Cell(2, 6).DataType);
        Assert.Equal(new DateTime(2026, 12, 4, 9, 30, 0), sheet.Cell(2, 6).GetDateTime());
        Assert.Equal(XLDataType.Number, sheet.Cell(3, 3).DataType);
        Assert.Equal(-3d, sheet.Cell(3, 3).GetDouble());
        Assert.True(sheet.Cell(3, 6).IsEmpty());
    }

    [Theory]
    [InlineData(3, 1, "=HYPERLINK(\"http://x\",\"a\")")]
    [InlineData(3, 2, "-SBIN")]
    [InlineData(4, 1, "@SUM(A1)")]
    [InlineData(4, 2, "+91")]
    [InlineData(5, 1, "\tTabbed")]
    [InlineData(5, 2, "00123")]
    public void Excel_keeps_risky_text_as_text_never_a_formula_or_a_number(int row, int column, string text)
    {
        using var workbook = new XLWorkbook(new MemoryStream(ExcelExportWriter.Write(Table())));
        var cell = workbook.Worksheet(1).Cell(row, column);

        Assert.False(cell.HasFormula, cell.FormulaA1);
        Assert.Equal(XLDataType.Text, cell.DataType);
        Assert.Equal(text, cell.GetString());
        Assert.Equal(FormulaGuard.IsRisky(text), cell.Style.IncludeQuotePrefix);
    }

    [Fact]
    public void Failed_accounts_get_their_own_sheet_in_excel()
    {
        var failure = new ExportFailure("Dhan main", "Dhan", "1100000001", "Dhan is unreachable.");

        using var workbook = new XLWorkbook(new MemoryStream(ExcelExportWriter.Write(Table([failure]))));

        var sheet = workbook.Worksheet(ExcelExportWriter.FailuresSheet);
        Assert.Equal(["Account", "Broker", "Client ID", "Problem"], Enumerable.Range(1, 4).Select(c => sheet.Cell(1, c).GetString()));
        Assert.Equal(["Dhan main", "Dhan", "1100000001", "Dhan is unreachable."], Enumerable.Range(1, 4).Select(c => sheet.Cell(2, c).GetString()));
        Assert.Equal(XLDataType.Text, sheet.Cell(2, 3).DataType);
    }

    [Theory]
    [InlineData("holdings", true, ExportKind.Holdings)]
    [InlineData("Runs", true, ExportKind.Runs)]
    [InlineData("audit", true, ExportKind.Audit)]
    [InlineData("0", false, ExportKind.Holdings)]
    [InlineData("secrets", false, ExportKind.Holdings)]
    public void Kinds_are_read_by_their_documented_names_only(string text, bool known, ExportKind expected)
    {
        Assert.Equal(known, ExportNames.TryParseKind(text, out var kind));
        if (known)
        {
            Assert.Equal(expected, kind);
        }
    }
}
