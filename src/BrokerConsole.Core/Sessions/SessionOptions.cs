using System.ComponentModel.DataAnnotations;

namespace BrokerConsole.Core.Sessions;

/// <summary>Bound from <c>Sessions</c>.</summary>
public sealed class SessionOptions
{
    public const string SectionName = "Sessions";

    /// <summary>How long a popup login may take from click to callback before its state is refused.</summary>
    public TimeSpan LoginAttemptLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A session with less time than this left gets one "refresh soon" notification.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ExpiryWarning { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Dismissed notifications older than this are deleted by the sweep; session history rows stay.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan RetentionPeriod { get; set; } = TimeSpan.FromDays(30);
}
