using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Sessions;

/// <summary>What changed about one account's session, for the tabs of its owner to show at once.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Message">A sentence for the user: what happened and what to do; never a token.</param>
public sealed record SessionChange(Guid AccountId, SessionChangeKind Kind, string Message);

public enum SessionChangeKind
{
    Connected,
    LoginCancelled,
    LoginFailed,
    Expired,
    Disconnected,
    HealthChanged,

    /// <summary>Less than the warning threshold left; a notification was stored.</summary>
    ExpiringSoon,

    /// <summary>Notifications were read or dismissed (in another tab): recount the badge, nothing to announce.</summary>
    NotificationsChanged,
}

/// <summary>
/// Singleton fan-out of session changes to every open circuit of the owning user. Components
/// subscribe after their first render and dispose the subscription with themselves.
/// </summary>
public sealed partial class SessionNotifier(ILogger<SessionNotifier> logger)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Func<SessionChange, Task>>> _subscribers = new();

    public IDisposable Subscribe(string ownerId, Func<SessionChange, Task> handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentNullException.ThrowIfNull(handler);
        var id = Guid.NewGuid();
        _subscribers.GetOrAdd(ownerId, _ => new())[id] = handler;
        return new Subscription(this, ownerId, id);
    }

    /// <summary>Calls every handler of <paramref name="ownerId"/>; one failing tab never stops the others.</summary>
    public async Task PublishAsync(string ownerId, SessionChange change)
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
                LogHandlerFailed(logger, ex, change.AccountId);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "A session-change subscriber failed for account {AccountId}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, Guid accountId);

    private sealed class Subscription(SessionNotifier owner, string ownerId, Guid id) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(ownerId, id);
    }
}
