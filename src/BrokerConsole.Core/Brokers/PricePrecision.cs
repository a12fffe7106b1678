namespace BrokerConsole.Core.Brokers;

/// <summary>
/// How many decimals a price of an instrument is shown with. Prices move in ticks: an instrument's tick size says it
/// (0.05 → 2 decimals, 0.0025 → 4); without one, currency derivatives (CDS, BCD) quote to 4 decimals (USDINR 72.7550)
/// and everything else to 2. Rupee amounts (values, P&amp;L, funds) are always 2: this is for prices only.
/// </summary>
public static class PricePrecision
{
    public const int Default = 2;

    public const int Currency = 4;

    public static int Decimals(string? exchange, decimal? tickSize = null)
    {
        if (tickSize is > 0 and var tick)
        {
            // The decimals the tick needs, e.g. 0.0025 → 4, 0.05 → 2, 1 → 0; never fewer than 2 (rupees and paise).
            var scale = 0;
            for (var t = tick; t != decimal.Truncate(t) && scale < 8; t *= 10)
            {
                scale++;
            }

            return Math.Max(scale, Default);
        }

        return IsCurrency(exchange) ? Currency : Default;
    }

    /// <summary>Kite's CDS and BCD; other brokers name the segment with CUR (e.g. NSE_CURRENCY).</summary>
    public static bool IsCurrency(string? exchange) =>
        exchange is not null && (exchange.Equals("CDS", StringComparison.OrdinalIgnoreCase) || exchange.Equals("BCD", StringComparison.OrdinalIgnoreCase)
            || exchange.Contains("CUR", StringComparison.OrdinalIgnoreCase));
}
