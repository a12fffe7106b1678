using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Events;

/// <summary>
/// Singleton fan-out of one kind of event to the open circuits (browser tabs) of the user it belongs to. A tab
/// subscribes under its own user id, so it only ever receives that user's events: no page filters other users'
/// events out of a shared stream. One failing handler (a tab closing mid-call) never stops the others. With several
/// nodes on one PostgreSQL database, a <paramref name="relay"/> also hands each published event to the other nodes,
/// whose hubs deliver it to their own tabs (<see cref="DeliverLocallyAsync"/>); without one (SQLite, one node) the hub
/// is purely in-process.
/// </summary>
/// <typeparam name="TEvent">The event: a session change, an order update, a run's progress.</typeparam>
public sealed class UserEventHub<TEvent>(ILogger<UserEventHub<TEvent>> logger, IUserEventRelay? relay = null)
    where TEvent : notnull
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Func<TEvent, Task>>> _subscribers = new(StringComparer.Ordinal);

    /// <summary>Receives <paramref name="ownerId"/>'s events until the returned subscription is disposed.</summary>
    public IDisposable Subscribe(string ownerId, Func<TEvent, Task> handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentNullException.ThrowIfNull(handler);
        var id = Guid.NewGuid();
        _subscribers.GetOrAdd(ownerId, _ => new())[id] = handler;
        return new Subscription(this, ownerId, id);
    }

    /// <summary>How many handlers <paramref name="ownerId"/> has now (tests and diagnostics).</summary>
    public int SubscriberCount(string ownerId) => _subscribers.TryGetValue(ownerId, out var handlers) ? handlers.Count : 0;

    /// <summary>
    /// Calls every handler of <paramref name="ownerId"/> on this node in turn and returns when all have run or failed;
    /// the other nodes (if any) get the event through the relay without this call waiting for them.
    /// </summary>
    public Task PublishAsync(string ownerId, TEvent change)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentNullException.ThrowIfNull(change);
        // Queued, never awaited: a slow or unreachable database must not hold up this node's own tabs.
        relay?.Forward(ownerId, change);
        return DeliverLocallyAsync(ownerId, change);
    }

    /// <summary>This node's handlers only: an event another node published, which that node already relayed.</summary>
    internal async Task DeliverLocallyAsync(string ownerId, TEvent change)
    {
        if (!_subscribers.TryGetValue(ownerId, out var handlers))
        {
            return;
        }

        foreach (var handler in handlers.Values)
        {
            try
            {
                await handler(change);
            }
#pragma warning disable CA1031 // A closed tab's handler may throw anything; the publisher must go on.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                UserEventHubLog.HandlerFailed(logger, ex, typeof(TEvent).Name);
            }
        }
    }

    /// <summary>
    /// Publishes without waiting for the handlers: for a caller in the middle of work that must not wait on a slow tab
    /// (a scheduled run reporting progress). <see cref="PublishAsync"/> never faults, so nothing is left unobserved.
    /// </summary>
    public void Post(string ownerId, TEvent change) => _ = PublishAsync(ownerId, change);

    private void Unsubscribe(string ownerId, Guid id)
    {
        if (_subscribers.TryGetValue(ownerId, out var handlers))
        {
            handlers.TryRemove(id, out _);
        }
    }

    private sealed class Subscription(UserEventHub<TEvent> hub, string ownerId, Guid id) : IDisposable
    {
        public void Dispose() => hub.Unsubscribe(ownerId, id);
    }
}

internal static partial class UserEventHubLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber to {EventKind} events failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string eventKind);
}
