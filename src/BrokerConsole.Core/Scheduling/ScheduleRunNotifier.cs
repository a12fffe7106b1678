namespace BrokerConsole.Core.Scheduling;

/// <summary>A run moved on: an item finished, or the run started or completed.</summary>
public sealed record ScheduleRunProgress(string OwnerId, Guid RunId, Guid ScheduleId, ScheduleRunStatus Status, int Done, int Total);

/// <summary>
/// Singleton fan-out of run progress to open pages (live progress while a run is in flight). Subscribers
/// must filter by <see cref="ScheduleRunProgress.OwnerId"/>: a page only ever shows its own user's runs.
/// </summary>
public sealed class ScheduleRunNotifier
{
    public event Action<ScheduleRunProgress>? Changed;

    public void Publish(ScheduleRunProgress progress) => Changed?.Invoke(progress);
}
