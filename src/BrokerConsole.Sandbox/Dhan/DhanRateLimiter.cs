using System.Collections.Concurrent;
using BrokerConsole.Sandbox.Kite;
using BrokerConsole.Sandbox.Shared;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Sandbox.Dhan;

/// <summary>Which of Dhan's rate-limit rows (reference §1.9) a call counts against.</summary>
internal enum DhanCallKind
{
    Order,
    Quote,
    NonTrading,
}

/// <summary>
/// Fixed windows per client and call kind, on the <see cref="SandboxRateClock"/>: not the business clock, which a test
/// freezes and which would keep a one-second window closed for ever (ADR 0005).
/// </summary>
internal sealed class DhanRateLimiter(IOptions<SandboxOptions> options, SandboxRateClock clock)
{
    private readonly ConcurrentDictionary<(string ClientId, DhanCallKind Kind, long Window, int Size), int> _counts = new();

    /// <summary>Counts the call; false when any of its windows is full.</summary>
    public bool TryAcquire(string clientId, DhanCallKind kind)
    {
        var limits = options.Value.Dhan.RateLimits;
        if (!limits.Enabled)
        {
            return true;
        }

        var now = clock.Second;
        (int Size, int Limit)[] windows = kind switch
        {
            DhanCallKind.Order => [(1, limits.OrdersPerSecond), (60, limits.OrdersPerMinute), (3600, limits.OrdersPerHour), (86400, limits.OrdersPerDay)],
            DhanCallKind.Quote => [(1, limits.QuotesPerSecond)],
            _ => [(1, limits.NonTradingPerSecond)],
        };

        var allowed = true;
        foreach (var (size, limit) in windows.Where(w => w.Limit > 0))
        {
            if (_counts.AddOrUpdate((clientId, kind, now / size, size), 1, (_, n) => n + 1) > limit)
            {
                allowed = false;
            }
        }

        if (_counts.Count > 10_000)
        {
            foreach (var stale in _counts.Keys.Where(k => k.Window < (now / k.Size) - 1))
            {
                _counts.TryRemove(stale, out _);
            }
        }

        return allowed;
    }
}
