using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BrokerConsole.Sandbox.Kite;

/// <summary>Market quotes (reference §9.2): repeated <c>i=EXCHANGE:SYMBOL</c>, data keyed by the exact requested string.</summary>
internal static class KiteQuoteEndpoints
{
    public static void Map(RouteGroupBuilder authed)
    {
        authed.MapGet("/quote", (HttpContext http, KiteMarket market, TimeProvider clock) =>
            Quote(http, market, 500, p => Full(p, clock.GetUtcNow()))).WithMetadata(new KiteQuoteMetadata(500));
        authed.MapGet("/quote/ltp", (HttpContext http, KiteMarket market) =>
            Quote(http, market, 1000, p => new KiteLtpWire(p.Instrument.Token, p.LastPrice))).WithMetadata(new KiteQuoteMetadata(1000));
        authed.MapGet("/quote/ohlc", (HttpContext http, KiteMarket market) =>
            Quote(http, market, 1000, p => new KiteOhlcQuoteWire(p.Instrument.Token, p.LastPrice, Ohlc(p)))).WithMetadata(new KiteQuoteMetadata(1000));
    }

    private static IResult Quote<T>(HttpContext http, KiteMarket market, int max, Func<KitePriceSnapshot, T> shape)
    {
        var keys = http.Request.Query["i"].Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k!).Distinct(StringComparer.Ordinal).ToList();
        if (keys.Count > max)
        {
            return KiteWire.Error(KiteError.Input($"Too many instruments: at most {max} per request."));
        }

        // Unknown instruments are simply absent, never an error.
        return KiteWire.Success(market.Snapshot(keys).ToDictionary(p => p.Key, p => shape(p.Value), StringComparer.Ordinal));
    }

    private static KiteOhlcWire Ohlc(KitePriceSnapshot p) => new(p.Open, p.High, p.Low, p.Close);

    /// <summary>quote.json shape; depth is a synthetic five-level book one tick apart around the LTP.</summary>
    private static KiteQuoteWire Full(KitePriceSnapshot p, DateTimeOffset now)
    {
        var tradable = p.Instrument.Tradable;
        var buy = Enumerable.Range(1, 5).Select(level => tradable
            ? new KiteDepthEntryWire(KiteMarket.Tick(p.LastPrice - (0.05 * level)), 100 * level, level)
            : new KiteDepthEntryWire(0, 0, 0)).ToList();
        var sell = Enumerable.Range(1, 5).Select(level => tradable
            ? new KiteDepthEntryWire(KiteMarket.Tick(p.LastPrice + (0.05 * level)), 120 * level, level)
            : new KiteDepthEntryWire(0, 0, 0)).ToList();
        return new KiteQuoteWire(
            p.Instrument.Token, IstClock.Format(now), IstClock.Format(now), p.LastPrice, tradable ? 5 : 0,
            buy.Sum(b => (long)b.Quantity), sell.Sum(s => (long)s.Quantity), p.Volume,
            KiteMarket.Tick((p.Open + p.High + p.Low + p.LastPrice) / 4), 0, 0, 0,
            Math.Round(p.LastPrice - p.Close, 2), KiteMarket.Tick(p.Close * 0.9), KiteMarket.Tick(p.Close * 1.1),
            Ohlc(p), new KiteDepthWire(buy, sell));
    }
}
