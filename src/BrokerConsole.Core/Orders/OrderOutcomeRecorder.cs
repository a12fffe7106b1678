using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Orders;

/// <summary>A deferred recording is waiting for its next attempt at <paramref name="NextAttemptAt"/> (the wait is already armed).</summary>
public sealed record RecordingRetry(string What, DateTimeOffset NextAttemptAt, int Attempt);

/// <summary>
/// Writes what happened to an order once the broker may have it. The caller's answer must never depend on the
/// database: when a write is refused (locked file, full disk) the steps left are retried in the background, in order,
/// with a growing pause on the app's <see cref="TimeProvider"/>, until they succeed or the app stops (an intent left at
/// Sending is then settled by tag on the next start, so nothing is ever sent twice because of a lost record).
/// </summary>
public sealed partial class OrderOutcomeRecorder(TimeProvider time, ILogger<OrderOutcomeRecorder> logger) : IDisposable
{
    private static readonly TimeSpan _firstPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan _longestPause = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stopping = new();
    private int _backlog;

    /// <summary>Recordings still waiting for the database.</summary>
    public int Backlog => Volatile.Read(ref _backlog);

    /// <summary>A deferred recording failed again (or for the first time) and will be tried at the given instant.</summary>
    public event Action<RecordingRetry>? Retrying;

    /// <summary>A deferred recording finally reached the database.</summary>
    public event Action<string>? Recorded;

    /// <summary>
    /// Runs <paramref name="steps"/> in order now; returns true when all were written. Otherwise the failed step and
    /// the ones after it go on in the background and this returns false at once: the caller answers with what the
    /// broker said, never with the storage error.
    /// </summary>
    public async Task<bool> RecordAsync(string what, IReadOnlyList<Func<CancellationToken, Task>> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var next = await RunStepsAsync(what, steps, 0);
        if (next == steps.Count)
        {
            return true;
        }

        Interlocked.Increment(ref _backlog);
        _ = Task.Run(() => RetryAsync(what, steps, next), CancellationToken.None);
        return false;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task RetryAsync(string what, IReadOnlyList<Func<CancellationToken, Task>> steps, int next)
    {
        var pause = _firstPause;
        var attempt = 1;
        try
        {
            while (next < steps.Count)
            {
                var wait = Task.Delay(pause, time, _stopping.Token);
                Retrying?.Invoke(new RecordingRetry(what, time.GetUtcNow() + pause, attempt++));
                await wait;
                next = await RunStepsAsync(what, steps, next);
                pause = pause * 2 < _longestPause ? pause * 2 : _longestPause;
            }

            Interlocked.Decrement(ref _backlog);
            LogRecordedLate(logger, what, attempt - 1);
            Recorded?.Invoke(what);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            Interlocked.Decrement(ref _backlog);
            LogAbandoned(logger, what);
        }
    }

    /// <summary>Runs steps from <paramref name="from"/>; returns the index of the first one the database refused (or the count).</summary>
    private async Task<int> RunStepsAsync(string what, IReadOnlyList<Func<CancellationToken, Task>> steps, int from)
    {
        for (var i = from; i < steps.Count; i++)
        {
            try
            {
                // Not a caller's token: the outcome of a sent order is recorded even if the page or request went away.
                await steps[i](CancellationToken.None);
            }
            catch (Exception ex) when (ex is DbException or DbUpdateException)
            {
                LogDeferred(logger, ex, what);
                return i;
            }
        }

        return steps.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording the outcome of {What} failed (database); retrying in the background")]
    private static partial void LogDeferred(ILogger logger, Exception exception, string what);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outcome of {What} recorded after {Retries} background retries")]
    private static partial void LogRecordedLate(ILogger logger, string what, int retries);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outcome of {What} not recorded before shutdown; the next start settles it by tag")]
    private static partial void LogAbandoned(ILogger logger, string what);
}
