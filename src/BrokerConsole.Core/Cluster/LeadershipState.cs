namespace BrokerConsole.Core.Cluster;

/// <summary>
/// The lease's view of "am I the leader", safe across threads: a term starts with <see cref="Begin"/> and ends with
/// <see cref="End"/>, which flips <see cref="IsLeader"/> and cancels the term's token before it returns, so leader-only
/// work is told before the lease is given up.
/// </summary>
internal sealed class LeadershipState : IDisposable
{
    private readonly object _gate = new();
    private TaskCompletionSource<LeaderTerm> _next = NewWaiter();
    private CancellationTokenSource? _current;
    private long _term;

    public bool IsLeader
    {
        get
        {
            lock (_gate)
            {
                return _current is not null;
            }
        }
    }

    public event Action<LeadershipChange>? Changed;

    public async Task<LeaderTerm> WaitAsync(CancellationToken cancellationToken)
    {
        Task<LeaderTerm> next;
        lock (_gate)
        {
            next = _next.Task;
        }

        return await next.WaitAsync(cancellationToken);
    }

    public long Begin(string reason)
    {
        LeaderTerm term;
        TaskCompletionSource<LeaderTerm> waiters;
        lock (_gate)
        {
            if (_current is not null)
            {
                return _term;
            }

            _current = new CancellationTokenSource();
            term = new LeaderTerm(++_term, _current.Token);
            waiters = _next;
        }

        waiters.TrySetResult(term);
        Changed?.Invoke(new LeadershipChange(true, term.Number, reason));
        return term.Number;
    }

    /// <summary>Ends the current term, if any; true when there was one.</summary>
    public bool End(string reason)
    {
        CancellationTokenSource ended;
        long number;
        lock (_gate)
        {
            if (_current is null)
            {
                return false;
            }

            ended = _current;
            number = _term;
            _current = null;
            _next = NewWaiter();
        }

        try
        {
            ended.Cancel();
        }
        finally
        {
            ended.Dispose();
            Changed?.Invoke(new LeadershipChange(false, number, reason));
        }

        return true;
    }

    /// <summary>The process is going: a term still open ends (its token is cancelled and disposed).</summary>
    public void Dispose() => End("the node is stopping");

    private static TaskCompletionSource<LeaderTerm> NewWaiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
