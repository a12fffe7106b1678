namespace BrokerConsole.Sandbox;

/// <summary>
/// A deterministic simulated market for the non-Kite sandboxes (Fyers, Angel One): each key does a seeded random
/// walk from its base price, one step per second of the injected clock, as <c>Kite/KiteMarket</c> does. A fake clock
/// that does not move keeps prices at their base, so tests that need exact fills either hold the clock or pin a price.
/// </summary>
internal sealed class SimulatedPrices
{
    /// <summary>Per-second volatility (about 0.05%): a minute moves a price by roughly 0.4%.</summary>
    private const double Volatility = 0.0005;

    /// <summary>A far clock jump replays only the last steps, keeping reads cheap.</summary>
    private const long MaxReplaySteps = 100_000;

    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private readonly ulong _seed;
    private readonly DateTimeOffset _origin;
    private readonly Dictionary<string, (int Index, decimal Base)> _keys;
    private readonly double[] _prices;
    private long _step;

    public SimulatedPrices(TimeProvider clock, int seed, IReadOnlyDictionary<string, decimal> basePrices)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(basePrices);
        _clock = clock;
        _seed = (ulong)seed;
        _origin = clock.GetUtcNow();
        _keys = basePrices.Select((p, i) => (p.Key, Index: i, Base: p.Value))
            .ToDictionary(p => p.Key, p => (p.Index, p.Base), StringComparer.OrdinalIgnoreCase);
        _prices = [.. basePrices.Values.Select(v => (double)v)];
    }

    public bool Contains(string key) => _keys.ContainsKey(key);

    /// <summary>The price now, on the 0.05 tick; null for an unknown key.</summary>
    public decimal? Price(string key)
    {
        lock (_gate)
        {
            Advance();
            return _keys.TryGetValue(key, out var k) ? Tick(_prices[k.Index]) : null;
        }
    }

    /// <summary>Pins a price now; the walk continues from it.</summary>
    public bool Pin(string key, decimal price)
    {
        lock (_gate)
        {
            Advance();
            if (!_keys.TryGetValue(key, out var k) || price <= 0)
            {
                return false;
            }

            _prices[k.Index] = (double)price;
            return true;
        }
    }

    /// <summary>Back to the base prices, walking on from now.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            Advance();
            foreach (var (index, basePrice) in _keys.Values)
            {
                _prices[index] = (double)basePrice;
            }
        }
    }

    public static decimal Tick(double price) => Math.Round(Math.Round((decimal)price * 20, MidpointRounding.AwayFromZero) / 20, 2);

    private void Advance()
    {
        var target = (long)Math.Floor((_clock.GetUtcNow() - _origin).TotalSeconds);
        if (target <= _step)
        {
            return;
        }

        var from = Math.Max(_step, target - MaxReplaySteps);
        foreach (var (index, _) in _keys.Values)
        {
            for (var step = from + 1; step <= target; step++)
            {
                _prices[index] *= 1 + (Volatility * Noise(index, step));
            }
        }

        _step = target;
    }

    /// <summary>SplitMix64 of (seed, key, step) mapped to [-1, 1): stateless, so replay is exact.</summary>
    private double Noise(int index, long step)
    {
        var z = _seed ^ ((ulong)index << 48) ^ (ulong)step;
        z += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        z ^= z >> 31;
        return ((z >> 11) * (1.0 / (1UL << 53)) * 2) - 1;
    }
}
