namespace BrokerConsole.Core.Brokers.Dhan;

/// <summary>Dhan's rate-limit classes (reference §1.9).</summary>
internal enum DhanEndpointClass
{
    NonTrading,
    Order,
    Quote,
}

/// <summary>
/// Dhan's per-second limits per client id (orders 10/s, marketfeed quotes 1/s, everything else 20/s), enforced
/// before a request leaves by the shared <see cref="BrokerRateLimiter{TKey}"/>, so a scheduled run over one client
/// never draws a DH-904. The minute/hour/day order caps are left to Dhan (an over-cap order is refused there, never
/// retried). Singleton: the windows must be shared by every client of the same Dhan user.
/// </summary>
internal sealed class DhanRateLimiter(Microsoft.Extensions.Options.IOptions<DhanOptions> options, Http.BrokerWireClock clock)
{
    private readonly BrokerRateLimiter<(string ClientId, DhanEndpointClass Class)> _limiter = new(
        Accounts.BrokerKind.Dhan,
        key => PerSecond(key.Class),
        options.Value.RateLimitMaxWait,
        clock.Time);

    internal static int PerSecond(DhanEndpointClass endpointClass) => endpointClass switch
    {
        DhanEndpointClass.Order => 10,
        DhanEndpointClass.Quote => 1,
        _ => 20,
    };

    /// <summary>The class of a trading-API call: writes under <c>/orders</c> are orders; <c>/marketfeed</c> is quotes.</summary>
    internal static DhanEndpointClass Classify(HttpMethod method, string path)
    {
        if (path.StartsWith("/marketfeed", StringComparison.Ordinal))
        {
            return DhanEndpointClass.Quote;
        }

        return path.StartsWith("/orders", StringComparison.Ordinal) && method != HttpMethod.Get
            ? DhanEndpointClass.Order
            : DhanEndpointClass.NonTrading;
    }

    /// <summary>Waits until the request may start.</summary>
    /// <exception cref="RateLimitedException">No slot within the allowed wait; nothing was sent.</exception>
    public ValueTask AcquireAsync(string clientId, HttpMethod method, string path, CancellationToken cancellationToken) =>
        _limiter.AcquireAsync((clientId, Classify(method, path)), cancellationToken);
}
