using BrokerConsole.Core.Time;

namespace BrokerConsole.Core.Sessions;

/// <summary>
/// The clock rules brokers share, whatever the server's own time zone; each broker's module picks its own
/// (<see cref="Brokers.IBrokerModule.SessionExpiresAt"/>).
/// </summary>
public static class SessionExpiryRules
{
    /// <summary>Kite and the other Indian brokers flush API sessions at 06:00 IST for the regulator.</summary>
    public static readonly TimeSpan DailyFlush = TimeSpan.FromHours(6);

    /// <summary>The first 06:00 IST strictly after <paramref name="loginTime"/>.</summary>
    public static DateTimeOffset NextDailyFlush(DateTimeOffset loginTime)
    {
        var ist = IndianTime.ToIst(loginTime);
        var flushToday = new DateTimeOffset(ist.Year, ist.Month, ist.Day, 0, 0, 0, IndianTime.Offset).Add(DailyFlush);
        return (ist < flushToday ? flushToday : flushToday.AddDays(1)).ToUniversalTime();
    }
}
