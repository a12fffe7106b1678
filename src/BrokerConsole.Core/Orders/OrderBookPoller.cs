using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Orders;

/// <summary>
/// Reads a user's order books on a timer for the Orders pages that are watching: ONE loop per user whatever the
/// number of tabs, running only while at least one tab watches (visible and connected). Each page had its own timer
/// before, which kept polling the brokers from tabs that were hidden or closed (a closed tab's circuit lives on for a
/// while) and piled up across visits.
/// </summary>
/// <remarks>Each read also goes to <paramref name="transitions"/>, which turns fills and rejections into notifications.</remarks>
public sealed partial class OrderBookPoller(TimeProvider time, ILogger<OrderBookPoller> logger, Notifications.Trading.OrderBookTransitions? transitions = null) : IDisposable
{
    /// <summary>How often a watched book is read: well inside Kite's 10 requests/s per key with two calls per account.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, UserPoll> _polls = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>
    /// Starts watching <paramref name="userId"/>'s books: every <see cref="Interval"/> one read (through the most recent
    /// watcher's <paramref name="read"/>, i.e. its own scoped services) is handed to every watcher's
    /// <paramref name="deliver"/>. Dispose the result when the tab is hidden, disconnected or gone.
    /// </summary>
    public IDisposable Watch(string userId, Func<CancellationToken, Task<OrdersSnapshot>> read, Func<OrdersSnapshot, Task> deliver)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(deliver);
        var watcher = new Watcher(read, deliver);
        lock (_gate)
        {
            if (!_polls.TryGetValue(userId, out var poll))
            {
                poll = new UserPoll(new PeriodicTimer(Interval, time));
                _polls[userId] = poll;
                // The timer exists before Watch returns, so the first tick is one interval after the first watcher.
                var stop = poll.Stop.Token;
                poll.Loop = Task.Run(() => RunAsync(userId, poll, stop), CancellationToken.None);
            }

            poll.Watchers.Add(watcher);
            return new Lease(() => Leave(userId, poll, watcher));
        }
    }

    /// <summary>How many tabs of the user watch now (0: nothing polls for them).</summary>
    public int Watchers(string userId)
    {
        lock (_gate)
        {
            return _polls.TryGetValue(userId, out var poll) ? poll.Watchers.Count : 0;
        }
    }

    private void Leave(string userId, UserPoll poll, Watcher watcher)
    {
        lock (_gate)
        {
            poll.Watchers.Remove(watcher);
            if (poll.Watchers.Count > 0 || !_polls.Remove(userId))
            {
                return;
            }
        }

        poll.Dispose();
    }

    private async Task RunAsync(string userId, UserPoll poll, CancellationToken stop)
    {
        try
        {
            while (await poll.Timer.WaitForNextTickAsync(stop))
            {
                Watcher[] watchers;
                lock (_gate)
                {
                    watchers = [.. poll.Watchers];
                }

                if (watchers.Length == 0)
                {
                    continue;
                }

                OrdersSnapshot snapshot;
                try
                {
                    snapshot = await watchers[^1].Read(stop);
                }
#pragma warning disable CA1031 // A failed read (a tab's scope gone, a database hiccup) must not end the loop; the next tick tries again.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    LogReadFailed(logger, ex.GetType().Name);
                    continue;
                }

                if (transitions is not null)
                {
                    // Never throws: a notice that cannot be stored is logged there, and the tabs still get the book.
                    await transitions.ObserveAsync(userId, snapshot);
                }

                foreach (var watcher in watchers)
                {
                    try
                    {
                        await watcher.Deliver(snapshot);
                    }
#pragma warning disable CA1031 // One tab's failure (its circuit just closed) must not starve the others.
                    catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                    {
                        LogDeliverFailed(logger, ex.GetType().Name);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        List<UserPoll> polls;
        lock (_gate)
        {
            polls = [.. _polls.Values];
            _polls.Clear();
        }

        foreach (var poll in polls)
        {
            poll.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order book poll failed ({Error}); trying again at the next tick")]
    private static partial void LogReadFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "An Orders tab could not take a poll result ({Error})")]
    private static partial void LogDeliverFailed(ILogger logger, string error);

    private sealed record Watcher(Func<CancellationToken, Task<OrdersSnapshot>> Read, Func<OrdersSnapshot, Task> Deliver);

    private sealed class UserPoll(PeriodicTimer timer) : IDisposable
    {
        private int _ended;

        public PeriodicTimer Timer { get; } = timer;

        public List<Watcher> Watchers { get; } = [];

        public CancellationTokenSource Stop { get; } = new();

        public Task? Loop { get; set; }

        /// <summary>Ends the loop (once); it took its token when it started, so the source can go at once.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                Stop.Cancel();
                Stop.Dispose();
                Timer.Dispose();
            }
        }
    }

    private sealed class Lease(Action release) : IDisposable
    {
        private Action? _release = release;

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
