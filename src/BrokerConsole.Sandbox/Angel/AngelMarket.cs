using BrokerConsole.Sandbox.Kite;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Sandbox.Angel;

/// <summary>One instrument of the sandbox universe, as SmartAPI's scrip master describes it (reference §3.8).</summary>
internal sealed record AngelScrip(string Exchange, string TradingSymbol, string Token, string Name, string Isin, decimal BasePrice);

/// <summary>
/// A small fixed universe whose prices walk with the clock (<see cref="SimulatedPrices"/>) and can be pinned from the
/// control surface. A fake clock that stands still keeps the base prices, so order tests can still predict fills.
/// </summary>
internal sealed class AngelMarket
{
    private static readonly AngelScrip[] _universe =
    [
        new("NSE", "SBIN-EQ", "3045", "SBIN", "INE062A01020", 812.40m),
        new("NSE", "INFY-EQ", "1594", "INFY", "INE009A01021", 1502.50m),
        new("NSE", "RELIANCE-EQ", "2885", "RELIANCE", "INE002A01018", 1288.00m),
        new("NSE", "TCS-EQ", "11536", "TCS", "INE467B01029", 4020.00m),
        new("NSE", "HDFCBANK-EQ", "1333", "HDFCBANK", "INE040A01034", 1712.35m),
        new("BSE", "INFY", "500209", "INFY", "INE009A01021", 1502.60m),
    ];

    private readonly SimulatedPrices _prices;

    public AngelMarket(TimeProvider clock, IOptions<SandboxOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _prices = new SimulatedPrices(clock, options.Value.Angel.MarketSeed, _universe.ToDictionary(Key, s => s.BasePrice));
    }

    public static AngelScrip? Find(string? exchange, string? tradingSymbol) =>
        _universe.FirstOrDefault(s => string.Equals(s.Exchange, exchange, StringComparison.OrdinalIgnoreCase)
            && string.Equals(s.TradingSymbol, tradingSymbol, StringComparison.OrdinalIgnoreCase));

    public static AngelScrip? FindToken(string? exchange, string? token) =>
        _universe.FirstOrDefault(s => string.Equals(s.Exchange, exchange, StringComparison.OrdinalIgnoreCase) && s.Token == token);

    /// <summary>searchScrip: every symbol of the exchange whose name starts with the text.</summary>
    public static IEnumerable<AngelScrip> Search(string? exchange, string? text) =>
        _universe.Where(s => string.Equals(s.Exchange, exchange, StringComparison.OrdinalIgnoreCase)
            && !string.IsNullOrWhiteSpace(text)
            && s.TradingSymbol.StartsWith(text, StringComparison.OrdinalIgnoreCase));

    public decimal Ltp(AngelScrip scrip) => _prices.Price(Key(scrip)) ?? scrip.BasePrice;

    public void Pin(AngelScrip scrip, decimal price) => _prices.Pin(Key(scrip), price);

    public void Reset() => _prices.Reset();

    private static string Key(AngelScrip scrip) => scrip.Exchange + ":" + scrip.Token;
}
