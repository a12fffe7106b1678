namespace BrokerConsole.Core.Scheduling;

/// <summary>A run moved on: an item finished, or the run started or completed.</summary>
public sealed record ScheduleRunProgress(string OwnerId, Guid RunId, Guid? ScheduleId, ScheduleRunStatus Status, int Done, int Total);
