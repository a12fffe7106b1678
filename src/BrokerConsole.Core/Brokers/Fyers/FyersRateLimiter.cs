using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.Http;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Brokers.Fyers;

/// <summary>
/// Fyers' 10 requests per second per app (reference §2.9), enforced before a request leaves by the shared
/// <see cref="BrokerRateLimiter{TKey}"/>; the per-minute and per-day caps are left to Fyers (-429, never retried).
/// Singleton: the window must be shared by every client of the same app id.
/// </summary>
internal sealed class FyersRateLimiter(IOptions<FyersOptions> options, BrokerWireClock clock)
{
    private readonly BrokerRateLimiter<string> _limiter = new(BrokerKind.Fyers, _ => 10, options.Value.RateLimitMaxWait, clock.Time);

    /// <summary>Waits until the request may start.</summary>
    /// <exception cref="RateLimitedException">No slot within the allowed wait; nothing was sent.</exception>
    public ValueTask AcquireAsync(string appId, CancellationToken cancellationToken) => _limiter.AcquireAsync(appId, cancellationToken);
}
