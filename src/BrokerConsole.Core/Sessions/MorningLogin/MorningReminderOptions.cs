using System.ComponentModel.DataAnnotations;

namespace BrokerConsole.Core.Sessions.MorningLogin;

/// <summary>When the morning login reminder is sent (section <c>MorningReminder</c>).</summary>
public sealed class MorningReminderOptions
{
    public const string SectionName = "MorningReminder";

    public bool Enabled { get; set; } = true;

    /// <summary>IST time of day, before the 09:15 open. Default 08:30.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "09:14:00", ErrorMessage = "MorningReminder:Time must be an IST time before 09:15, e.g. 08:30.")]
    public TimeSpan Time { get; set; } = new(8, 30, 0);
}
