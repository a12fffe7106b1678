namespace BrokerConsole.Sandbox.Kite;

/// <summary>A queued failure: the next <see cref="Remaining"/> matching calls get this error instead of their answer.</summary>
internal sealed record KiteFault(int Status, string ErrorType, string Message, string? PathPrefix, int? RetryAfterSeconds = null)
{
    public int Remaining { get; set; }
}

/// <summary>Fault and latency injection set through the control surface; consulted before every API call.</summary>
internal sealed class KiteControlState
{
    private readonly Lock _gate = new();
    private readonly List<KiteFault> _faults = [];
    private TimeSpan _latency;
    private string? _latencyPrefix;

    /// <summary>Held requests (a broker registering late); see <see cref="KiteRequestHold"/>.</summary>
    public KiteRequestHold Hold { get; } = new();

    public void AddFault(KiteFault fault)
    {
        lock (_gate)
        {
            _faults.Add(fault);
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

    /// <summary>Takes one use of the first fault matching the request <paramref name="path"/>.</summary>
    public KiteFault? TakeFault(string path)
    {
        lock (_gate)
        {
            var fault = _faults.FirstOrDefault(f => Matches(f.PathPrefix, path));
            if (fault is null)
            {
                return null;
            }

            if (--fault.Remaining <= 0)
            {
                _faults.Remove(fault);
            }

            return fault;
        }
    }

    public TimeSpan LatencyFor(string path)
    {
        lock (_gate)
        {
            return Matches(_latencyPrefix, path) ? _latency : TimeSpan.Zero;
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

        Hold.Release(register: false, count: null);
    }

    /// <summary>A prefix may be the full request path (<c>/sandbox/kite/user</c>) or relative to the sandbox root (<c>/user</c>).</summary>
    internal static bool Matches(string? prefix, string path)
    {
        if (string.IsNullOrEmpty(prefix) || path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var root = KiteSandboxEndpoints.Prefix;
        return path.StartsWith(root, StringComparison.OrdinalIgnoreCase)
            && path[root.Length..].StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
    }
}
