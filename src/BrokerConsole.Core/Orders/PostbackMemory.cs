using System.Collections.Concurrent;

namespace BrokerConsole.Core.Orders;

/// <summary>
/// The postbacks seen lately (account, order, status), so a repeat is acknowledged and ignored instead of telling the
/// owner's tabs again. Kept twice as long as a postback's timestamp may be off: anything older is refused as stale
/// before it gets here, so forgetting it loses nothing.
/// </summary>
public sealed class PostbackMemory(TimeProvider time)
{
    public static readonly TimeSpan Window = ZerodhaPostbackReceiver.AllowedClockSkew * 2;

    private readonly ConcurrentDictionary<(Guid AccountId, string OrderId, string Status), DateTimeOffset> _seen = new();

    /// <summary>True the first time a given order reaches a given status for an account; false for a repeat.</summary>
    public bool FirstTime(Guid accountId, string orderId, string status)
    {
        var now = time.GetUtcNow();
        foreach (var (key, at) in _seen)
        {
            if (now - at > Window)
            {
                _seen.TryRemove(key, out _);
            }
        }

        return _seen.TryAdd((accountId, orderId, status), now);
    }
}
