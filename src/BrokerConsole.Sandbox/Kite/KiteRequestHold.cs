namespace BrokerConsole.Sandbox.Kite;

/// <summary>
/// A broker that received a request but registers it only later (a held request): matching API calls wait here, even
/// after their client gave up or died, until released. Released with <c>register</c> they then run as usual (the order
/// lands in the book although nobody hears the answer); without it they are dropped, as if they never arrived.
/// </summary>
internal sealed class KiteRequestHold
{
    private readonly Lock _gate = new();
    private readonly List<TaskCompletionSource<bool>> _held = [];
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

    /// <summary>The release of this call when it is held (true: register it), or null when it goes through at once.</summary>
    public Task<bool>? TryHold(string path, Func<string?, string, bool> matches)
    {
        lock (_gate)
        {
            if (_pathPrefix is null || !matches(_pathPrefix, path))
            {
                return null;
            }

            var release = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _held.Add(release);
            foreach (var watcher in _watchers.Where(w => _held.Count >= w.Count).ToList())
            {
                _watchers.Remove(watcher);
                watcher.Signal.TrySetResult();
            }

            return release.Task;
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

    /// <summary>Releases the oldest <paramref name="count"/> held calls (all when null; then holding stops too).</summary>
    public int Release(bool register, int? count)
    {
        List<TaskCompletionSource<bool>> released;
        lock (_gate)
        {
            released = _held.Take(count ?? _held.Count).ToList();
            _held.RemoveRange(0, released.Count);
            if (count is null)
            {
                _pathPrefix = null;
            }
        }

        foreach (var release in released)
        {
            release.TrySetResult(register);
        }

        return released.Count;
    }
}
