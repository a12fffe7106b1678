using System.Globalization;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Time;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Brokers.Zerodha;

/// <summary>
/// Kite's order caps beyond the per-second limit (kite-connect.md §10): 400 order requests (place, modify, cancel) per
/// calendar minute and 5,000 placements per day, both per Zerodha user. A scheduled run over many accounts places
/// one order per account, so it rarely meets them; one account running a long list can, and Kite would then refuse
/// every order until the window ends. Refusing here instead, before anything is sent, gives the user the reason and
/// the time it resets, and keeps the app's requests from being counted as abuse.
/// Calendar windows of the injected <see cref="TimeProvider"/>: the minute as Kite counts it, the day in IST.
/// Singleton: every client of one user must share the counts.
/// </summary>
internal sealed class KiteOrderCaps(IOptions<ZerodhaOptions> options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Window> _minutes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Window> _days = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Counts one order request of <paramref name="userId"/> at <paramref name="apiRoot"/> (sandbox and live users never mix).</summary>
    /// <exception cref="RateLimitedException">A cap is reached; nothing was counted and nothing may be sent.</exception>
    public void Take(Uri apiRoot, string userId, bool placement)
    {
        ArgumentNullException.ThrowIfNull(apiRoot);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var settings = options.Value;
        var now = time.GetUtcNow();
        var key = apiRoot.Authority + "|" + userId.Trim();
        var minute = now.ToUnixTimeSeconds() / 60;
        var day = DateOnly.FromDateTime(IndianTime.ToIst(now).DateTime).DayNumber;
        lock (_gate)
        {
            var perMinute = Current(_minutes, key, minute);
            if (perMinute.Count >= settings.OrderRequestsPerMinute)
            {
                var reset = DateTimeOffset.FromUnixTimeSeconds((minute + 1) * 60);
                throw new RateLimitedException(BrokerKind.Zerodha, null, null, null, reset - now, local: true,
                    localReason: string.Create(CultureInfo.InvariantCulture,
                        $"Kite allows {settings.OrderRequestsPerMinute} order requests a minute for user {userId}, and this minute's are used up; the order was not sent. The count resets at {IndianTime.ToIst(reset):HH:mm:ss} IST."));
            }

            Window? perDay = null;
            if (placement)
            {
                perDay = Current(_days, key, day);
                if (perDay.Count >= settings.OrdersPerDay)
                {
                    var midnight = new DateTimeOffset(DateOnly.FromDayNumber(day + 1), TimeOnly.MinValue, IndianTime.Offset);
                    throw new RateLimitedException(BrokerKind.Zerodha, null, null, null, midnight - now, local: true,
                        localReason: string.Create(CultureInfo.InvariantCulture,
                            $"Kite allows {settings.OrdersPerDay} orders a day for user {userId}, and today's are used up; the order was not sent. The count resets at midnight IST."));
                }
            }

            perMinute.Count++;
            if (perDay is not null)
            {
                perDay.Count++;
            }
        }
    }

    private static Window Current(Dictionary<string, Window> windows, string key, long id)
    {
        if (!windows.TryGetValue(key, out var window) || window.Id != id)
        {
            // A new window replaces the old entry: one entry per user, however long the app runs.
            window = new Window(id);
            windows[key] = window;
        }

        return window;
    }

    private sealed class Window(long id)
    {
        public long Id { get; } = id;

        public int Count { get; set; }
    }
}
