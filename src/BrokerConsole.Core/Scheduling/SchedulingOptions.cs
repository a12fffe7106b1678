using System.ComponentModel.DataAnnotations;

namespace BrokerConsole.Core.Scheduling;

/// <summary>Settings under "Scheduling".</summary>
public sealed class SchedulingOptions
{
    public const string SectionName = "Scheduling";

    /// <summary>
    /// Runs the hosted scheduler's clock loop. Tests turn it off and call <see cref="IScheduleRunner.TickAsync"/> themselves;
    /// "Run now" is executed by the hosted service either way.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A JSON array of "yyyy-MM-dd" strings or a text/CSV file with one date per line (first column); relative to the content root. Empty: no holidays.</summary>
    public string? HolidayCalendarPath { get; set; }

    /// <summary>A run found due later than this after its time (the app was down) is recorded as Missed instead of executed.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MisfireGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long before a run its owner is told that an account of the schedule needs a login.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan PreRunWarning { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Accounts of one run placed at the same time; the broker clients still enforce each broker's order rate limits. 64: a
    /// 20-account basket goes out in one wave (an account's work is mostly awaiting the broker, not a thread).
    /// </summary>
    [Range(1, 256)]
    public int MaxParallelAccounts { get; set; } = 64;

    /// <summary>
    /// How long before an auto-executed run the scheduler reads each live account's order book through the client the run
    /// will use (RunWarmUp): connections open and code warm at the due instant. Within a broker connection's idle
    /// timeout (a minute). Zero turns it off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:50")]
    public TimeSpan WarmUpLead { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest sleep between checks; the scheduler otherwise wakes at the next due or warning instant.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxSleep { get; set; } = TimeSpan.FromSeconds(30);
}
