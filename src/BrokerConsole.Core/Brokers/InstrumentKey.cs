namespace BrokerConsole.Core.Brokers;

/// <summary>An instrument addressed the way traders write it: exchange and trading symbol, e.g. <c>NSE:INFY</c>.</summary>
/// <param name="Exchange">Exchange code: NSE, BSE, NFO, BFO, CDS, BCD, MCX.</param>
/// <param name="TradingSymbol">The exchange's trading symbol.</param>
public readonly record struct InstrumentKey(string Exchange, string TradingSymbol)
{
    /// <summary>The <c>EXCHANGE:SYMBOL</c> form.</summary>
    public override string ToString() => Exchange + ":" + TradingSymbol;

    /// <summary>Parses <c>EXCHANGE:SYMBOL</c>; the symbol may itself contain colons or spaces.</summary>
    /// <exception cref="FormatException">The text has no exchange or no symbol.</exception>
    public static InstrumentKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            throw new FormatException("An instrument is written EXCHANGE:SYMBOL, e.g. NSE:INFY.");
        }

        return new InstrumentKey(text[..colon], text[(colon + 1)..]);
    }
}
