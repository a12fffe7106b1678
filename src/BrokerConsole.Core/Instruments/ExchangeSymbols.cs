using System.Globalization;

namespace BrokerConsole.Core.Instruments;

/// <summary>
/// The exchange's own trading symbol, written the way Kite and the exchange write it, rebuilt from the contract's
/// parts for brokers that spell derivatives their own way (reference §6: build the cross-broker key from underlying,
/// expiry, strike and type, never by parsing one broker's symbol into another's).
/// </summary>
public static class ExchangeSymbols
{
    /// <summary>The monthly form: <c>NIFTY26SEPFUT</c>, <c>NIFTY26SEP29200CE</c>. Weekly contracts are not told apart (see README).</summary>
    public static string Derivative(string underlying, DateOnly expiry, InstrumentKind kind, decimal strike)
    {
        ArgumentNullException.ThrowIfNull(underlying);
        var month = underlying.ToUpperInvariant() + expiry.ToString("yy", CultureInfo.InvariantCulture)
            + expiry.ToString("MMM", CultureInfo.InvariantCulture).ToUpperInvariant();
        return kind switch
        {
            InstrumentKind.Future => month + "FUT",
            InstrumentKind.Call => month + strike.ToString("0.##", CultureInfo.InvariantCulture) + "CE",
            InstrumentKind.Put => month + strike.ToString("0.##", CultureInfo.InvariantCulture) + "PE",
            _ => underlying,
        };
    }

    /// <summary>Decimal from a master's text, invariant culture; 0 when empty or unreadable.</summary>
    public static decimal Dec(string? text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;

    /// <summary>Integer from a master's text that may be written as a float (<c>65.0</c>).</summary>
    public static int WholeNumber(string? text) => (int)Dec(text);

    public static DateOnly? Date(string? text, string format) =>
        DateOnly.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
