namespace BrokerConsole.Core.Scheduling;

/// <summary>One item of a run as the history page shows it.</summary>
public sealed record ScheduleRunItemView(
    Guid AccountId,
    string AccountName,
    int OrderIndex,
    string Summary,
    string Tag,
    ScheduleRunItemStatus Status,
    string? BrokerOrderId,
    string? Message,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    Accounts.BrokerKind? Broker = null);

/// <summary>A run was cut off by a restart and picked up again: when, and what the order book said about its in-flight items.</summary>
public sealed record RunInterruption(DateTimeOffset InterruptedAt, DateTimeOffset ResumedAt, TimeSpan Downtime, int FoundInBook, int Resent);

/// <summary>One run with its items (items are empty in lists).</summary>
public sealed record ScheduleRunView(
    Guid Id,
    Guid? ScheduleId,
    string ScheduleName,
    DateOnly TradingDate,
    DateTimeOffset DueAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    ScheduleRunStatus Status,
    string? Message,
    int Placed,
    int Rejected,
    int Skipped,
    int Failed,
    int Pending,
    IReadOnlyList<ScheduleRunItemView> Items,
    bool Manual = false,
    RunInterruption? Interruption = null,
    int Checking = 0,
    RunKind Kind = RunKind.Schedule,
    Guid? BasketId = null)
{
    /// <summary>Start to finish without the time the app was down in between (null while running).</summary>
    public TimeSpan? WorkDuration => CompletedAt is { } done ? done - (StartedAt ?? DueAt) - (Interruption?.Downtime ?? TimeSpan.Zero) : null;

    /// <summary>Items in a final state (placed, rejected, skipped or failed).</summary>
    public int Done => Placed + Rejected + Skipped + Failed;

    public int Total => Done + Pending;
}

/// <summary>
/// The signed-in user's schedules and their runs. The owner always comes from
/// <see cref="Identity.ICurrentUser"/>; another user's schedule or run id behaves exactly like an unknown one.
/// </summary>
public interface IScheduleService
{
    /// <summary>The user's schedules, by name, with their next run instant.</summary>
    Task<IReadOnlyList<ScheduleView>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>One schedule.</summary>
    /// <exception cref="ScheduleNotFoundException">Unknown or another user's.</exception>
    Task<ScheduleView> GetAsync(Guid scheduleId, CancellationToken cancellationToken = default);

    /// <summary>Validates (name, days, the user's own accounts, every order as a manual order) and saves.</summary>
    /// <exception cref="ScheduleValidationException">Invalid; nothing saved.</exception>
    /// <exception cref="Accounts.AccountNotFoundException">An account is not the user's.</exception>
    Task<ScheduleView> CreateAsync(ScheduleDraft draft, CancellationToken cancellationToken = default);

    /// <summary>Replaces a schedule's settings; past runs keep what they did.</summary>
    /// <exception cref="ScheduleNotFoundException">Unknown or another user's.</exception>
    /// <exception cref="ScheduleValidationException">Invalid; nothing saved.</exception>
    /// <exception cref="Accounts.AccountNotFoundException">An account is not the user's.</exception>
    Task<ScheduleView> UpdateAsync(Guid scheduleId, ScheduleDraft draft, CancellationToken cancellationToken = default);

    /// <summary>Deletes a schedule and its run history.</summary>
    /// <exception cref="ScheduleNotFoundException">Unknown or another user's.</exception>
    Task DeleteAsync(Guid scheduleId, CancellationToken cancellationToken = default);

    /// <summary>The user's runs (of one schedule, or all), newest first, with counts and without items.</summary>
    Task<IReadOnlyList<ScheduleRunView>> ListRunsAsync(Guid? scheduleId = null, int take = 50, CancellationToken cancellationToken = default);

    /// <summary>
    /// "Run now": creates a run of the schedule at once (its orders are placed even when auto-execute is off or the
    /// schedule is disabled; it is the owner's explicit action) and executes it in the background; audited.
    /// Returns the run id at once so a page can follow its progress.
    /// </summary>
    /// <exception cref="ScheduleNotFoundException">Unknown or another user's.</exception>
    /// <exception cref="ScheduleRunInFlightException">A run of this schedule is still running.</exception>
    Task<Guid> RunNowAsync(Guid scheduleId, CancellationToken cancellationToken = default);

    /// <summary>One run with every item.</summary>
    /// <exception cref="ScheduleNotFoundException">Unknown or another user's.</exception>
    Task<ScheduleRunView> GetRunAsync(Guid runId, CancellationToken cancellationToken = default);
}
