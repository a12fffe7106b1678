using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Orders;

/// <summary>An order of one account changed at the broker (from a verified postback).</summary>
public sealed record OrderUpdate(Guid AccountId, string OrderId, string Status, string? TradingSymbol);

/// <summary>
/// Singleton fan-out of order changes to every open circuit of the owning user, so an Orders page
/// refreshes the moment a postback arrives instead of waiting for its timer.
/// </summary>
public sealed partial class OrderUpdateNotifier(ILogger<OrderUpdateNotifier> logger)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Func<OrderUpdate, Task>>> _subscribers = new();

    public IDisposable Subscribe(string ownerId, Func<OrderUpdate, Task> handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentNullException.ThrowIfNull(handler);
        var id = Guid.NewGuid();
        _subscribers.GetOrAdd(ownerId, _ => new())[id] = handler;
        return new Subscription(this, ownerId, id);
    }

    /// <summary>Calls every handler of <paramref name="ownerId"/>; one failing tab never stops the others.</summary>
    public async Task PublishAsync(string ownerId, OrderUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (!_subscribers.TryGetValue(ownerId, out var handlers))
        {
            return;
        }

        foreach (var handler in handlers.Values)
        {
            try
            {
                await handler(update);
            }
#pragma warning disable CA1031 // A closed tab's handler may throw anything; the publisher must go on.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogHandlerFailed(logger, ex, update.AccountId);
            }
        }
    }

    private void Unsubscribe(string ownerId, Guid id)
    {
        if (_subscribers.TryGetValue(ownerId, out var handlers))
        {
            handlers.TryRemove(id, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An order-update subscriber failed for account {AccountId}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, Guid accountId);

    private sealed class Subscription(OrderUpdateNotifier owner, string ownerId, Guid id) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(ownerId, id);
    }
}
