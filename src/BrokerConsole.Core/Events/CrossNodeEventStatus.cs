namespace BrokerConsole.Core.Events;

/// <summary>
/// The listening side's state, for logs, diagnostics and tests that must wait for a (re)connection instead of
/// sleeping: whether a LISTEN is live now, its server process id, and how many times one was established.
/// </summary>
public sealed class CrossNodeEventStatus
{
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    public bool IsListening { get; private set; }

    /// <summary>The PostgreSQL backend process of the live LISTEN (what <c>pg_terminate_backend</c> would end); null when none.</summary>
    public int? ListenerProcessId { get; private set; }

    /// <summary>How many LISTENs were established since start: 1 after the first, 2 after one reconnection…</summary>
    public int Connections { get; private set; }

    /// <summary>Completes once <see cref="Connections"/> reaches <paramref name="count"/> (at once if it already has).</summary>
    public Task WaitForConnectionsAsync(int count)
    {
        lock (_gate)
        {
            if (Connections >= count)
            {
                return Task.CompletedTask;
            }

            var waiter = (count, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            _waiters.Add(waiter);
            return waiter.Item2.Task;
        }
    }

    internal void Listening(int processId)
    {
        lock (_gate)
        {
            IsListening = true;
            ListenerProcessId = processId;
            Connections++;
            foreach (var waiter in _waiters.Where(w => w.Count <= Connections).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }
    }

    internal void Lost()
    {
        lock (_gate)
        {
            IsListening = false;
            ListenerProcessId = null;
        }
    }
}
