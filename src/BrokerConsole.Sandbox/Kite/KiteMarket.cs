namespace BrokerConsole.Sandbox.Kite;

/// <summary>An instrument of the sandbox universe (tokens are the real NSE/BSE instrument tokens).</summary>
internal sealed record KiteInstrument(string Exchange, string Symbol, uint Token, string Isin, double BasePrice, bool Tradable)
{
    public string Key => $"{Exchange}:{Symbol}";
}

/// <summary>One instrument's price at a moment, with the day's OHLC (close = previous day's close).</summary>
internal sealed record KitePriceSnapshot(KiteInstrument Instrument, double LastPrice, double Open, double High, double Low, double Close, long Volume);

/// <summary>
/// Deterministic simulated market: each instrument does a seeded random walk, one step per second of the
/// injected clock, so a fake clock fully controls prices and tests are repeatable.
/// </summary>
internal sealed class KiteMarket
{
    /// <summary>Small on purpose: enough for the UI and tests; NFO is out of scope.</summary>
    public static readonly IReadOnlyList<KiteInstrument> Instruments =
    [
        new("NSE", "INFY", 408065, "INE009A01021", 1500.00, true),
        new("NSE", "RELIANCE", 738561, "INE002A01018", 1300.00, true),
        new("NSE", "TCS", 2953217, "INE467B01029", 3400.00, true),
        new("NSE", "HDFCBANK", 341249, "INE040A01034", 1700.00, true),
        new("NSE", "SBIN", 779521, "INE062A01020", 800.00, true),
        new("BSE", "SENSEX", 265, "", 80000.00, false),
    ];

    /// <summary>Per-second volatility of the walk (about 0.05%), so a minute moves prices by roughly 0.4%.</summary>
    private const double Volatility = 0.0005;

    /// <summary>A clock jump further than this only replays the last steps, keeping reads cheap.</summary>
    private const long MaxReplaySteps = 100_000;

    private sealed class Walk(KiteInstrument instrument, int index)
    {
        public KiteInstrument Instrument { get; } = instrument;
        public int Index { get; } = index;
        public double Price { get; set; } = instrument.BasePrice;
        public double Open { get; set; } = instrument.BasePrice;
        public double High { get; set; } = instrument.BasePrice;
        public double Low { get; set; } = instrument.BasePrice;
        public double Close { get; set; } = instrument.BasePrice;
        public long Volume { get; set; }
    }

    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private readonly ulong _seed;
    private readonly Dictionary<string, Walk> _walks;
    private readonly DateTimeOffset _origin;
    private long _step;
    private DateOnly _day;

    public KiteMarket(TimeProvider clock, Microsoft.Extensions.Options.IOptions<SandboxOptions> options)
    {
        _clock = clock;
        _seed = (ulong)options.Value.Kite.MarketSeed;
        _walks = Instruments.Select((instrument, index) => new Walk(instrument, index))
            .ToDictionary(w => w.Instrument.Key, StringComparer.OrdinalIgnoreCase);
        _origin = clock.GetUtcNow();
        _day = IstClock.Day(_origin);
    }

    public static KiteInstrument? FindInstrument(string key) =>
        Instruments.FirstOrDefault(i => string.Equals(i.Key, key, StringComparison.OrdinalIgnoreCase));

    public static KiteInstrument? FindInstrument(string exchange, string symbol) => FindInstrument($"{exchange}:{symbol}");

    /// <summary>Current prices of the known keys among <paramref name="keys"/>; unknown keys are skipped (reference §9.2).</summary>
    public IReadOnlyDictionary<string, KitePriceSnapshot> Snapshot(IEnumerable<string> keys)
    {
        lock (_gate)
        {
            Advance();
            var result = new Dictionary<string, KitePriceSnapshot>(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                if (_walks.TryGetValue(key, out var walk))
                {
                    result[key] = ToSnapshot(walk);
                }
            }

            return result;
        }
    }

    public double LastPrice(KiteInstrument instrument)
    {
        lock (_gate)
        {
            Advance();
            return Tick(_walks[instrument.Key].Price);
        }
    }

    /// <summary>Control surface: pins an instrument's price now; the walk continues from there.</summary>
    public bool SetPrice(string key, double price)
    {
        lock (_gate)
        {
            Advance();
            if (!_walks.TryGetValue(key, out var walk) || price <= 0)
            {
                return false;
            }

            walk.Price = price;
            walk.High = Math.Max(walk.High, price);
            walk.Low = Math.Min(walk.Low, price);
            return true;
        }
    }

    private static KitePriceSnapshot ToSnapshot(Walk walk) =>
        new(walk.Instrument, Tick(walk.Price), Tick(walk.Open), Tick(walk.High), Tick(walk.Low), Tick(walk.Close), walk.Volume);

    /// <summary>Rounds to the 0.05 tick size of NSE equities.</summary>
    public static double Tick(double price) => Math.Round(Math.Round(price * 20, MidpointRounding.AwayFromZero) / 20, 2);

    private void Advance()
    {
        var now = _clock.GetUtcNow();
        var target = (long)Math.Floor((now - _origin).TotalSeconds);
        if (target <= _step)
        {
            return;
        }

        var day = IstClock.Day(now);
        if (day != _day)
        {
            // A new trading day: yesterday's last price becomes the close, OHLC restarts.
            foreach (var walk in _walks.Values)
            {
                walk.Close = walk.Price;
                walk.Open = walk.High = walk.Low = walk.Price;
                walk.Volume = 0;
            }

            _day = day;
        }

        var from = Math.Max(_step, target - MaxReplaySteps);
        foreach (var walk in _walks.Values)
        {
            for (var step = from + 1; step <= target; step++)
            {
                var noise = Noise(walk.Index, step);
                walk.Price *= 1 + (Volatility * noise);
                walk.High = Math.Max(walk.High, walk.Price);
                walk.Low = Math.Min(walk.Low, walk.Price);
                walk.Volume += 1 + (long)(Math.Abs(noise) * 500);
            }
        }

        _step = target;
    }

    /// <summary>SplitMix64 of (seed, instrument, step) mapped to [-1, 1): stateless, so replay is exact.</summary>
    private double Noise(int instrument, long step)
    {
        var z = _seed ^ ((ulong)instrument << 48) ^ (ulong)step;
        z += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        z ^= z >> 31;
        return ((z >> 11) * (1.0 / (1UL << 53)) * 2) - 1;
    }
}
