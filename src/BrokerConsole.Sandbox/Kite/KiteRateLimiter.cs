namespace BrokerConsole.Sandbox.Kite;

/// <summary>
/// Kite's published limits (reference §10) as calendar-second/minute/day windows of the injected clock,
/// which is how Zerodha says it counts and what makes tests deterministic:
/// per api_key quote 1/s and everything else 10/s; per user orders 10/s and 400/min, placements 5000/day.
/// </summary>
internal sealed class KiteRateLimiter(TimeProvider clock)
{
    public const int QuotePerSecond = 1;
    public const int OtherPerSecond = 10;
    public const int OrdersPerSecond = 10;
    public const int OrdersPerMinute = 400;
    public const int PlacementsPerDay = 5000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Window, int Count)> _windows = new(StringComparer.Ordinal);

    /// <summary>Null when allowed; the 429 to send otherwise. Rejected calls do not consume the window.</summary>
    public KiteError? CheckApi(string apiKey, bool quote) =>
        quote
            ? Take([($"quote|{apiKey}", SecondWindow(), QuotePerSecond)])
            : Take([($"api|{apiKey}", SecondWindow(), OtherPerSecond)]);

    /// <summary>Order endpoints: per user, with the daily cap only for placements.</summary>
    public KiteError? CheckOrder(string userId, bool placement)
    {
        var now = clock.GetUtcNow();
        var user = userId.ToUpperInvariant();
        var windows = new List<(string, long, int)>
        {
            ($"order-s|{user}", SecondWindow(), OrdersPerSecond),
            ($"order-m|{user}", now.ToUnixTimeSeconds() / 60, OrdersPerMinute),
        };
        if (placement)
        {
            windows.Add(($"order-d|{user}", IstClock.Day(now).DayNumber, PlacementsPerDay));
        }

        return Take(windows);
    }

    public void Reset()
    {
        lock (_gate)
        {
            _windows.Clear();
        }
    }

    private long SecondWindow() => clock.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>All-or-nothing across the windows, so a 429 from one cap does not eat another's budget.</summary>
    private KiteError? Take(IReadOnlyList<(string Key, long Window, int Limit)> windows)
    {
        lock (_gate)
        {
            foreach (var (key, window, limit) in windows)
            {
                if (_windows.TryGetValue(key, out var state) && state.Window == window && state.Count >= limit)
                {
                    // Minute/day order caps carry the reference §4.3 text; per-second limits the generic one.
                    return key.StartsWith("order-m", StringComparison.Ordinal) || key.StartsWith("order-d", StringComparison.Ordinal)
                        ? KiteError.TooManyRequests with { Message = "Maximum allowed order requests exceeded" }
                        : KiteError.TooManyRequests;
                }
            }

            foreach (var (key, window, _) in windows)
            {
                _windows[key] = _windows.TryGetValue(key, out var state) && state.Window == window
                    ? (window, state.Count + 1)
                    : (window, 1);
            }

            return null;
        }
    }
}
