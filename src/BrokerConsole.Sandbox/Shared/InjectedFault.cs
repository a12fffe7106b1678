using Microsoft.AspNetCore.Http;

namespace BrokerConsole.Sandbox.Shared;

/// <summary>
/// A queued failure set through a sandbox's control surface: the next <see cref="Remaining"/> API calls whose path starts
/// with <see cref="PathPrefix"/> get <see cref="Status"/> with the broker's error body for <see cref="Code"/> and
/// <see cref="Message"/>, plus a <c>Retry-After</c> header when <see cref="RetryAfterSeconds"/> is set (a 429 or 503
/// that names its pause, as real gateways do).
/// </summary>
public sealed record InjectedFault(int Status, string? Code, string Message, string? PathPrefix, int? RetryAfterSeconds)
{
    public int Remaining { get; set; }

    /// <summary>Adds the <c>Retry-After</c> header, when the fault has one, to the response about to be written.</summary>
    public static void ApplyRetryAfter(HttpContext http, int? seconds)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (seconds is >= 0)
        {
            http.Response.Headers.RetryAfter = seconds.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}

/// <summary>A sandbox's queue of <see cref="InjectedFault"/>s; thread-safe, first match wins.</summary>
public sealed class InjectedFaults
{
    private readonly Lock _gate = new();
    private readonly List<InjectedFault> _faults = [];

    public void Add(InjectedFault fault)
    {
        lock (_gate)
        {
            _faults.Add(fault);
        }
    }

    /// <summary>Takes one use of the first fault whose prefix matches <paramref name="path"/> (full or below <paramref name="root"/>).</summary>
    public InjectedFault? Take(string path, string root)
    {
        lock (_gate)
        {
            var fault = _faults.FirstOrDefault(f => string.IsNullOrEmpty(f.PathPrefix)
                || path.StartsWith(f.PathPrefix, StringComparison.OrdinalIgnoreCase)
                || path.StartsWith(root + f.PathPrefix, StringComparison.OrdinalIgnoreCase));
            if (fault is not null && --fault.Remaining <= 0)
            {
                _faults.Remove(fault);
            }

            return fault;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }
}
