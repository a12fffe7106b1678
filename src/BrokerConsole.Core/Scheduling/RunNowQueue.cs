using System.Collections.Concurrent;
using System.Threading.Channels;
using BrokerConsole.Core.Cluster;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Scheduling;

/// <summary>
/// "Run now" requests waiting for the scheduler's hosted service: the click (a circuit's scope) only queues the run
/// it created; the one background loop that lives as long as the app executes it, so no run is left to a fire-and-forget
/// task of a singleton, and the host's shutdown waits for the run in progress. A queued run is claimed for this node
/// (<see cref="IRunOwnership"/>) before its row is saved, so the leader of a shared database never takes it for an
/// interrupted run: request-driven runs execute on the node that got the request.
/// </summary>
internal sealed partial class RunNowQueue(IRunOwnership ownership, ILogger<RunNowQueue> logger)
{
    private readonly Channel<Guid> _runs = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, IAsyncDisposable> _reserved = new();

    /// <summary>Claims a new run's id before the run is saved; give it back with <see cref="ReleaseAsync"/> if it is not.</summary>
    public async Task ReserveAsync(Guid runId, CancellationToken cancellationToken)
    {
        var claim = await ownership.TryClaimAsync(runId, cancellationToken)
            ?? throw new InvalidOperationException($"Run {runId} is claimed already.");
        _reserved[runId] = claim;
    }

    /// <summary>Gives back a reservation whose run was not saved (or not queued).</summary>
    public async Task ReleaseAsync(Guid runId)
    {
        if (_reserved.TryRemove(runId, out var claim))
        {
            await claim.DisposeAsync();
        }
    }

    /// <summary>
    /// The claim to execute <paramref name="runId"/> under: this node's reservation if it queued the run, else a fresh
    /// claim; null when a live executor (here or on another node) holds it.
    /// </summary>
    public async Task<IAsyncDisposable?> ClaimAsync(Guid runId, CancellationToken cancellationToken)
    {
        if (_reserved.TryRemove(runId, out var reserved))
        {
            return reserved;
        }

        var claim = await ownership.TryClaimAsync(runId, cancellationToken);
        if (claim is null)
        {
            LogOwnedElsewhere(logger, runId);
        }

        return claim;
    }

    /// <summary>Queues a created (Running) manual run; never blocks.</summary>
    public void Enqueue(Guid runId)
    {
        // Unbounded and never completed: the write always succeeds.
        _ = _runs.Writer.TryWrite(runId);
    }

    /// <summary>The queued runs, in order, until <paramref name="cancellationToken"/> ends the wait.</summary>
    public IAsyncEnumerable<Guid> ReadAllAsync(CancellationToken cancellationToken) => _runs.Reader.ReadAllAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} is being executed by a live node: not resumed here")]
    private static partial void LogOwnedElsewhere(ILogger logger, Guid runId);
}
