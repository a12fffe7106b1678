namespace BrokerConsole.Core.Sessions.Monitoring;

/// <summary>
/// One pass over every active session of every user. The background monitor calls it on its timer;
/// tests and tools call it directly instead of waiting for the timer.
/// </summary>
public interface ISessionSweeper
{
    /// <summary>Runs a sweep now (waiting for one already running to finish first) and returns what it found.</summary>
    Task<SweepSummary> SweepAsync(CancellationToken cancellationToken = default);
}
