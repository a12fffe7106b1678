namespace BrokerConsole.Core.Scheduling;

public enum ScheduleRunStatus
{
    /// <summary>Created and executing (or the app stopped mid-run: the next tick resumes it).</summary>
    Running,

    /// <summary>Every item reached a final state.</summary>
    Completed,

    /// <summary>The app was down at the due time and came back later than the misfire grace: nothing placed.</summary>
    Missed,
}

public enum ScheduleRunItemStatus
{
    /// <summary>Not started.</summary>
    Pending,

    /// <summary>Sent (or about to be); after a restart the order book is searched for the tag before anything is sent.</summary>
    Sending,

    /// <summary>The broker registered the order.</summary>
    Placed,

    /// <summary>The broker refused it, or registered it as REJECTED; the reason is in the message.</summary>
    Rejected,

    /// <summary>Not attempted: no live session, or auto-execute off.</summary>
    Skipped,

    /// <summary>An error, or an outcome that could not be known (check the order book by tag).</summary>
    Failed,

    /// <summary>
    /// Unknown, checking: the run was cut off after this item may have left, and its tag is not in the order book yet.
    /// It is never re-sent before the request can no longer arrive (see <see cref="Orders.ResendRule"/>); a restart treats it like Sending.
    /// </summary>
    Checking,
}

/// <summary>What started a run: a schedule (its clock or "Run now"), or a basket's confirm.</summary>
public enum RunKind
{
    Schedule,

    /// <summary>One order to many accounts (Core/Baskets): executed by the same executor, with the same exactly-once rules.</summary>
    Basket,
}

/// <summary>One firing of a schedule on one IST trading date. Unique per (schedule, date) among clock runs: a run happens once.</summary>
public sealed class ScheduleRun
{
    public Guid Id { get; set; }

    /// <summary>The schedule it fired for; null for a basket run.</summary>
    public Guid? ScheduleId { get; set; }

    public RunKind Kind { get; set; }

    /// <summary>The saved basket a basket run placed, when it was a saved one (null for an ad hoc basket, or once the basket is deleted).</summary>
    public Guid? BasketId { get; set; }

    /// <summary>The client's idempotency key of the request that created it (REST): a retry of that request gets this run back.</summary>
    public string? IdempotencyKey { get; set; }

    public required string OwnerId { get; set; }

    /// <summary>The schedule's (or basket's) name when the run was created.</summary>
    public required string ScheduleName { get; set; }

    /// <summary>The IST date it is for.</summary>
    public DateOnly TradingDate { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public ScheduleRunStatus Status { get; set; }

    /// <summary>
    /// Started by the owner's "Run now" rather than by the clock: not bound by the once-per-date rule (its tags are
    /// derived from the run id instead), and it places its orders even when auto-execute is off.
    /// </summary>
    public bool Manual { get; set; }

    public string? Message { get; set; }

    /// <summary>The run's last recorded activity before a restart cut it off (the latest interruption), if it ever was.</summary>
    public DateTimeOffset? InterruptedAt { get; set; }

    /// <summary>When the latest interruption was picked up again.</summary>
    public DateTimeOffset? ResumedAt { get; set; }

    /// <summary>Time the app was down during this run, over every interruption: not part of the run's own duration.</summary>
    public TimeSpan Downtime { get; set; }

    /// <summary>Items that may have left before an interruption and were found in the order book by tag afterwards.</summary>
    public int FoundAfterRestart { get; set; }

    /// <summary>Items that may have left before an interruption, could no longer arrive, were absent from the book, and were sent again.</summary>
    public int ResentAfterRestart { get; set; }

    public List<ScheduleRunItem> Items { get; set; } = [];
}

/// <summary>One order on one account within a run.</summary>
public sealed class ScheduleRunItem
{
    public Guid Id { get; set; }

    public Guid RunId { get; set; }

    public Guid AccountId { get; set; }

    public int OrderIndex { get; set; }

    /// <summary>Deterministic (see <see cref="ScheduleTags"/>): the same on every attempt of this item.</summary>
    public required string Tag { get; set; }

    public required string Summary { get; set; }

    /// <summary>The order as it was when the run was created: editing the schedule mid-run changes nothing here.</summary>
    public required ScheduledOrder Order { get; set; }

    public ScheduleRunItemStatus Status { get; set; }

    public string? BrokerOrderId { get; set; }

    /// <summary>The broker's reason or our own, in words for the user; never a secret.</summary>
    public string? Message { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}
