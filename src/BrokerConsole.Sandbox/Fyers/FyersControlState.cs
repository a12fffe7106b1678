namespace BrokerConsole.Sandbox.Fyers;

/// <summary>A queued failure: the next <see cref="Remaining"/> matching API calls get this error instead of their answer.</summary>
internal sealed record FyersFault(int Status, int Code, string Message, string? PathPrefix, int? RetryAfterSeconds = null)
{
    public int Remaining { get; set; }
}

/// <summary>Faults, latency and forced throttling set through the control surface; consulted before every API call.</summary>
internal sealed class FyersControlState
{
    private readonly Lock _gate = new();
    private readonly List<FyersFault> _faults = [];
    private TimeSpan _latency;
    private string? _latencyPrefix;
    private int _throttled;

    public void AddFault(FyersFault fault)
    {
        lock (_gate)
        {
            _faults.Add(fault);
        }
    }

    /// <summary>Takes one use of the first fault matching the request path.</summary>
    public FyersFault? TakeFault(string path)
    {
        lock (_gate)
        {
            var fault = _faults.FirstOrDefault(f => Matches(f.PathPrefix, path));
            if (fault is not null && --fault.Remaining <= 0)
            {
                _faults.Remove(fault);
            }

            return fault;
        }
    }

    public void SetLatency(TimeSpan latency, string? pathPrefix)
    {
        lock (_gate)
        {
            _latency = latency;
            _latencyPrefix = pathPrefix;
        }
    }

    public TimeSpan LatencyFor(string path)
    {
        lock (_gate)
        {
            return Matches(_latencyPrefix, path) ? _latency : TimeSpan.Zero;
        }
    }

    /// <summary>The next <paramref name="count"/> authenticated calls answer 429 / -429 as if the app had exceeded 10/s.</summary>
    public void Throttle(int count) => Interlocked.Exchange(ref _throttled, count);

    public bool TakeThrottle()
    {
        while (true)
        {
            var left = Volatile.Read(ref _throttled);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _throttled, left - 1, left) == left)
            {
                return true;
            }
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _faults.Clear();
            _latency = TimeSpan.Zero;
            _latencyPrefix = null;
        }

        Interlocked.Exchange(ref _throttled, 0);
    }

    /// <summary>A prefix may be the full path (<c>/sandbox/fyers/api/v3/orders</c>) or relative to the sandbox root (<c>/api/v3/orders</c>).</summary>
    private static bool Matches(string? prefix, string path) =>
        string.IsNullOrEmpty(prefix)
        || path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
        || path.StartsWith(FyersSandboxEndpoints.Prefix + prefix, StringComparison.OrdinalIgnoreCase);
}
