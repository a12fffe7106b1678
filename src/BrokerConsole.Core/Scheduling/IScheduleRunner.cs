namespace BrokerConsole.Core.Scheduling;

/// <summary>What one tick did.</summary>
public sealed record TickSummary(int RunsExecuted, int RunsMissed, int RunsResumed, int Warnings);

/// <summary>
/// The scheduler's work for one instant, for every user: warn owners ahead of runs whose accounts need a
/// login, record missed runs, execute due runs and resume interrupted ones. The hosted service calls it on
/// a timer; tests call it with any instant (a fake clock's) instead of waiting.
/// </summary>
public interface IScheduleRunner
{
    /// <summary>Does everything due at <paramref name="now"/>. One tick at a time; safe to call again for the same instant.</summary>
    Task<TickSummary> TickAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a manual run of <paramref name="ownerId"/>'s schedule now and queues it for the scheduler's hosted service,
    /// which executes it one at a time with ticks (so a tick never resumes it while it is executing).
    /// </summary>
    /// <exception cref="ScheduleNotFoundException">Unknown or another user's.</exception>
    /// <exception cref="ScheduleRunInFlightException">A run of this schedule is still running.</exception>
    Task<ScheduleRun> StartNowAsync(string ownerId, Guid scheduleId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Executes a run queued by <see cref="StartNowAsync"/>, one at a time with ticks. Never throws: a failure is logged
    /// and the run, still Running, is resumed by the next tick. Not cancellable: orders once started are seen through.
    /// </summary>
    Task ExecuteQueuedRunAsync(Guid runId);

    /// <summary>The earliest instant after <paramref name="now"/> at which a run or warning becomes due, if any.</summary>
    Task<DateTimeOffset?> NextWakeAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}
