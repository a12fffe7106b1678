namespace BrokerConsole.Core.Exports;

/// <summary>
/// Keeps text from a broker or a user (a symbol, a rejection reason, an account name) from becoming a formula when the
/// file is opened in a spreadsheet (CSV or formula injection). Only text cells pass through here: numbers are written as
/// numbers, so a negative P&amp;L stays a number.
/// </summary>
public static class FormulaGuard
{
    /// <summary>Characters a spreadsheet reads as the start of a formula (or that can hide one: tab, carriage return).</summary>
    public static bool IsRisky(string? text) =>
        !string.IsNullOrEmpty(text) && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>The text a CSV cell carries: a leading apostrophe makes Excel and LibreOffice read the rest as text.</summary>
    public static string ForCsv(string? text) => text is null ? "" : IsRisky(text) ? "'" + text : text;
}
