using System.Threading.Channels;

namespace BrokerConsole.Core.Scheduling;

/// <summary>
/// "Run now" requests waiting for the scheduler's hosted service: the click (a circuit's scope) only queues the run
/// it created; the one background loop that lives as long as the app executes it, so no run is left to a fire-and-forget
/// task of a singleton, and the host's shutdown waits for the run in progress.
/// </summary>
internal sealed class RunNowQueue
{
    private readonly Channel<Guid> _runs = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues a created (Running) manual run; never blocks.</summary>
    public void Enqueue(Guid runId)
    {
        // Unbounded and never completed: the write always succeeds.
        _ = _runs.Writer.TryWrite(runId);
    }

    /// <summary>The queued runs, in order, until <paramref name="cancellationToken"/> ends the wait.</summary>
    public IAsyncEnumerable<Guid> ReadAllAsync(CancellationToken cancellationToken) => _runs.Reader.ReadAllAsync(cancellationToken);
}
