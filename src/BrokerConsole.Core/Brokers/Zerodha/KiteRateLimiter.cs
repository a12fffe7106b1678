using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.Http;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Brokers.Zerodha;

/// <summary>Kite's rate-limit classes (kite-connect.md §10).</summary>
internal enum KiteEndpointClass
{
    Other,
    Quote,
    Order,
}

/// <summary>
/// Kite's published per-API-key, per-second limits (quote, order, everything else), enforced before a request
/// leaves by a <see cref="BrokerRateLimiter{TKey}"/>. A caller waits for at most
/// <see cref="ZerodhaOptions.RateLimitMaxWait"/>, then gets a <see cref="RateLimitedException"/> instead of queueing
/// for ever. Singleton: the windows must be shared by every client of the same API key.
/// </summary>
internal sealed class KiteRateLimiter
{
    private readonly BrokerRateLimiter<(string ApiKey, KiteEndpointClass Class)> _limiter;

    public KiteRateLimiter(IOptions<ZerodhaOptions> options, BrokerWireClock clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        var o = options.Value;
        _limiter = new(BrokerKind.Zerodha, key => key.Class switch
        {
            KiteEndpointClass.Quote => o.QuoteRequestsPerSecond,
            KiteEndpointClass.Order => o.OrderRequestsPerSecond,
            _ => o.OtherRequestsPerSecond,
        }, o.RateLimitMaxWait, clock.Time);
    }

    /// <summary>Waits until the request may start.</summary>
    /// <exception cref="RateLimitedException">No slot within the allowed wait; nothing was sent.</exception>
    public ValueTask AcquireAsync(string apiKey, KiteEndpointClass endpointClass, CancellationToken cancellationToken) =>
        _limiter.AcquireAsync((apiKey, endpointClass), cancellationToken);
}
