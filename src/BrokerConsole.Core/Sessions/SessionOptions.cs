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

    /// <summary>
    /// A session whose broker can renew it (Angel One's refresh token) is renewed once less than this is left, by the next
    /// broker call or monitor sweep. Longer than <see cref="ExpiryWarning"/>, so a renewable session is renewed before anyone is told to log in again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromHours(3);
}
