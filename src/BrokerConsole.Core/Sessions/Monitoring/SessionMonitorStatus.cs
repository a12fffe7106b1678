namespace BrokerConsole.Core.Sessions.Monitoring;

/// <summary>What one sweep found. Counts only; never a token.</summary>
/// <param name="StartedAt">When the sweep began (app clock).</param>
/// <param name="Duration">Wall time of the sweep.</param>
/// <param name="Checked">Active sessions looked at (clock-expired ones included).</param>
/// <param name="Healthy">Validated by the broker.</param>
/// <param name="Expired">Marked expired (by the clock or by the broker).</param>
/// <param name="ConnectionIssues">Broker unreachable, 5xx, timeout or rate limited; retried next sweep.</param>
/// <param name="Errors">Other failures (permission, unexpected).</param>
/// <param name="Skipped">Sessions of brokers without a client yet.</param>
/// <param name="Warned">New "refresh soon" notifications.</param>
/// <param name="BrokerCalls">Profile calls made.</param>
/// <param name="CheckP50">Median duration of one broker check.</param>
/// <param name="CheckP99">99th percentile duration of one broker check.</param>
public sealed record SweepSummary(
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    int Checked,
    int Healthy,
    int Expired,
    int ConnectionIssues,
    int Errors,
    int Skipped,
    int Warned,
    int BrokerCalls,
    TimeSpan CheckP50,
    TimeSpan CheckP99);

/// <summary>The last sweep, for <c>/healthz</c>, tests and tools. Singleton; updated by the sweeper.</summary>
public sealed class SessionMonitorStatus(TimeProvider time)
{
    private readonly Lock _gate = new();
    private SweepSummary? _lastSweep;
    private DateTimeOffset? _lastFailureAt;

    /// <summary>When the status (and with it the monitor) came to life: the grace period for the first sweep starts here.</summary>
    public DateTimeOffset CreatedAt { get; } = time.GetUtcNow();

    /// <summary>The last completed sweep, or null before the first.</summary>
    public SweepSummary? LastSweep => Volatile.Read(ref _lastSweep);

    /// <summary>When a sweep last failed as a whole (e.g. the database was unreachable).</summary>
    public DateTimeOffset? LastFailureAt
    {
        get { lock (_gate) { return _lastFailureAt; } }
    }

    internal void Completed(SweepSummary summary) => Volatile.Write(ref _lastSweep, summary);

    internal void Failed(DateTimeOffset at)
    {
        lock (_gate)
        {
            _lastFailureAt = at;
        }
    }
}
