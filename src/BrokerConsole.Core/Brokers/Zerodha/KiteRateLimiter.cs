using System.Threading.RateLimiting;
using BrokerConsole.Core.Accounts;
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
/// Kite's published per-API-key limits, enforced before a request leaves (fixed one-second windows,
/// as Zerodha counts them). A caller waits in a queue for at most <see cref="ZerodhaOptions.RateLimitMaxWait"/>,
/// then gets a <see cref="RateLimitedException"/> instead of queueing for ever. Singleton: the windows
/// must be shared by every client of the same API key.
/// </summary>
internal sealed class KiteRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<(string ApiKey, KiteEndpointClass Class)> _limiter;
    private readonly TimeSpan _maxWait;

    public KiteRateLimiter(IOptions<ZerodhaOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _maxWait = o.RateLimitMaxWait;
        _limiter = PartitionedRateLimiter.Create<(string ApiKey, KiteEndpointClass Class), (string, KiteEndpointClass)>(
            key => RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
            {
                PermitLimit = k.Item2 switch
                {
                    KiteEndpointClass.Quote => o.QuoteRequestsPerSecond,
                    KiteEndpointClass.Order => o.OrderRequestsPerSecond,
                    _ => o.OtherRequestsPerSecond,
                },
                Window = TimeSpan.FromSeconds(1),
                QueueLimit = 1_000,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Waits for a permit; the returned lease must be disposed after the request.</summary>
    /// <exception cref="RateLimitedException">No permit within the allowed wait.</exception>
    public async ValueTask<RateLimitLease> AcquireAsync(string apiKey, KiteEndpointClass endpointClass, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(_maxWait);
        RateLimitLease lease;
        try
        {
            lease = await _limiter.AcquireAsync((apiKey, endpointClass), 1, wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RateLimitedException(BrokerKind.Zerodha, null, null, null, TimeSpan.FromSeconds(1), local: true);
        }

        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
            lease.Dispose();
            throw new RateLimitedException(BrokerKind.Zerodha, null, null, null, retryAfter, local: true);
        }

        return lease;
    }

    public void Dispose() => _limiter.Dispose();
}
