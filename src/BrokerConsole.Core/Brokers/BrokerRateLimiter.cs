using System.Collections.Concurrent;
using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Brokers;

/// <summary>
/// A broker's per-second request limits, enforced before a request leaves: at most <c>limit</c> requests start in
/// ANY window of one second plus a safety margin (a sliding log of start times per key), not per window of our own.
/// Why: brokers count calendar seconds of their own clock. Two fixed one-second windows that are not aligned with
/// the broker's let two requests through 20 ms apart across our boundary, and a 1/s quote endpoint answers the second
/// with 429. Keeping every <c>limit</c>-th request a full window apart can never exceed any calendar second, and the
/// margin absorbs network jitter between our send and the broker's arrival. Callers queue per key (FIFO) and give up
/// after the broker's configured wait with a local <see cref="RateLimitedException"/>: nothing was sent.
/// Singleton per broker: the windows must be shared by every client of the same key. The brokers' limiters pass the
/// <see cref="Http.BrokerWireClock"/>, not the app's <see cref="TimeProvider"/>: pacing is about the wire, and a test that
/// freezes business time must not freeze requests; a test that wants to see a wait registers a fake wire clock.
/// </summary>
internal sealed class BrokerRateLimiter<TKey>(BrokerKind broker, Func<TKey, int> limitOf, TimeSpan maxWait, TimeProvider time)
    where TKey : notnull
{
    /// <summary>One second plus 200 ms for jitter between our send and the broker's arrival (seen on a loaded machine).</summary>
    internal static readonly TimeSpan Window = TimeSpan.FromMilliseconds(1200);

    private readonly ConcurrentDictionary<TKey, Partition> _partitions = new();

    /// <summary>Waits until a request for <paramref name="key"/> may start, and records its start.</summary>
    /// <exception cref="RateLimitedException">No slot within the broker's allowed wait; nothing was sent.</exception>
    public async ValueTask AcquireAsync(TKey key, CancellationToken cancellationToken)
    {
        var partition = _partitions.GetOrAdd(key, k => new Partition(Math.Max(1, limitOf(k))));
        // The allowance runs on the same clock as the windows, so a test that advances one advances both.
        using var allowance = new CancellationTokenSource(maxWait, time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, allowance.Token);
        try
        {
            await partition.Gate.WaitAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Refused();
        }

        try
        {
            while (true)
            {
                var now = time.GetTimestamp();
                while (partition.Starts.Count > 0 && time.GetElapsedTime(partition.Starts.Peek(), now) >= Window)
                {
                    partition.Starts.Dequeue();
                }

                if (partition.Starts.Count < partition.Limit)
                {
                    partition.Starts.Enqueue(now);
                    return;
                }

                var until = Window - time.GetElapsedTime(partition.Starts.Peek(), now);
                try
                {
                    await Task.Delay(until, time, wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw Refused();
                }
            }
        }
        finally
        {
            partition.Gate.Release();
        }
    }

    private RateLimitedException Refused() => new(broker, null, null, null, Window, local: true);

    private sealed class Partition(int limit)
    {
        public int Limit { get; } = limit;

        /// <summary>One waiter at a time checks and records; the others queue behind it.</summary>
        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>Start timestamps of the last <see cref="Limit"/> requests, oldest first.</summary>
        public Queue<long> Starts { get; } = new();
    }
}
