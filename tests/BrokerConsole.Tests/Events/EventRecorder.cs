using BrokerConsole.Core.Events;

namespace BrokerConsole.Tests.Events;

/// <summary>One user's events as one subscriber (a tab) of one node receives them, with waits on arrivals (no sleeping).</summary>
internal sealed class EventRecorder<TEvent> : IDisposable
    where TEvent : notnull
{
    private static readonly TimeSpan _guard = TimeSpan.FromSeconds(30);
    private readonly List<TEvent> _events = [];
    private readonly List<(Func<IReadOnlyList<TEvent>, bool> Done, TaskCompletionSource Seen)> _waiters = [];
    private readonly IDisposable _subscription;

    public EventRecorder(UserEventHub<TEvent> hub, string ownerId) =>
        _subscription = hub.Subscribe(ownerId, change =>
        {
            lock (_events)
            {
                _events.Add(change);
                foreach (var waiter in _waiters.Where(w => w.Done(_events)).ToList())
                {
                    _waiters.Remove(waiter);
                    waiter.Seen.TrySetResult();
                }
            }

            return Task.CompletedTask;
        });

    public IReadOnlyList<TEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Completes when the events received so far satisfy <paramref name="done"/>; fails after 30 s.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<TEvent>, bool> done, string what)
    {
        var waiter = (done, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_events)
        {
            if (done(_events))
            {
                return;
            }

            _waiters.Add(waiter);
        }

        try
        {
            await waiter.Item2.Task.WaitAsync(_guard);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Not received within {_guard.TotalSeconds:0} s: {what}. Received: {string.Join("; ", Events)}");
        }
    }

    public Task WaitForAsync(Func<TEvent, bool> match, string what) => WaitUntilAsync(events => events.Any(match), what);

    public void Dispose() => _subscription.Dispose();
}
