namespace BrokerConsole.Sandbox.Kite;

/// <summary>
/// A broker that received a request but registers it only later (a held request): matching API calls wait here, even
/// after their client gave up or died, until released. Released with <c>register</c> they then run as usual (the order
/// lands in the book although nobody hears the answer); without it they are dropped, as if they never arrived.
/// </summary>
internal sealed class KiteRequestHold
{
    private readonly Lock _gate = new();
    private readonly List<HeldRequest> _held = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _watchers = [];
    private string? _pathPrefix;

    /// <summary>From now on, API calls whose path starts with <paramref name="pathPrefix"/> are held until released.</summary>
    public void Start(string pathPrefix)
    {
        lock (_gate)
        {
            _pathPrefix = pathPrefix;
        }
    }

    public int HeldCount
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>This call's hold when it is held, or null when it goes through at once.</summary>
    public HeldRequest? TryHold(string path, Func<string?, string, bool> matches)
    {
        lock (_gate)
        {
            if (_pathPrefix is null || !matches(_pathPrefix, path))
            {
                return null;
            }

            var held = new HeldRequest();
            _held.Add(held);
            foreach (var watcher in _watchers.Where(w => _held.Count >= w.Count).ToList())
            {
                _watchers.Remove(watcher);
                watcher.Signal.TrySetResult();
            }

            return held;
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> calls are being held: a test's signal, not a poll.</summary>
    public Task WhenHeldAsync(int count, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_held.Count >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _watchers.Add((count, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Releases the oldest <paramref name="count"/> held calls (all when null; then holding stops too). The task completes
    /// when they have been handled (registered or dropped), so a test knows the broker's book is up to date.
    /// </summary>
    public Task<int> Release(bool register, int? count)
    {
        List<HeldRequest> released;
        lock (_gate)
        {
            released = _held.Take(count ?? _held.Count).ToList();
            _held.RemoveRange(0, released.Count);
            if (count is null)
            {
                _pathPrefix = null;
            }
        }

        foreach (var held in released)
        {
            held.Decide(register);
        }

        return Task.WhenAll(released.Select(h => h.Handled)).ContinueWith(_ => released.Count, TaskScheduler.Default);
    }
}

/// <summary>One held call: what the control decided, and when the sandbox finished handling it.</summary>
internal sealed class HeldRequest
{
    private readonly TaskCompletionSource<bool> _decision = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _handled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True: go on and register; false: drop.</summary>
    public Task<bool> Decision => _decision.Task;

    public Task Handled => _handled.Task;

    public void Decide(bool register) => _decision.TrySetResult(register);

    public void MarkHandled() => _handled.TrySetResult();
}
