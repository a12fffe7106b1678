using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Time;

namespace BrokerConsole.Core.Sessions;

/// <summary>When each broker ends a session by the clock, whatever the server's own time zone.</summary>
public static class SessionExpiryRules
{
    /// <summary>Kite and the other Indian brokers flush API sessions at 06:00 IST for the regulator.</summary>
    public static readonly TimeSpan DailyFlush = TimeSpan.FromHours(6);

    /// <summary>The shortest documented lifetime of a SmartAPI JWT.</summary>
    public static readonly TimeSpan AngelTokenLifetime = TimeSpan.FromHours(24);

    /// <summary>The first 06:00 IST strictly after <paramref name="loginTime"/>.</summary>
    public static DateTimeOffset NextDailyFlush(DateTimeOffset loginTime)
    {
        var ist = IndianTime.ToIst(loginTime);
        var flushToday = new DateTimeOffset(ist.Year, ist.Month, ist.Day, 0, 0, 0, IndianTime.Offset).Add(DailyFlush);
        return (ist < flushToday ? flushToday : flushToday.AddDays(1)).ToUniversalTime();
    }

    public static DateTimeOffset ExpiresAt(BrokerKind broker, DateTimeOffset loginTime) => broker switch
    {
        // Every supported broker documents a trading-day token that dies overnight; the next
        // 06:00 IST is the earliest documented moment, so warnings are never late.
        BrokerKind.Zerodha or BrokerKind.Dhan or BrokerKind.Fyers => NextDailyFlush(loginTime),
        // Angel announced "a fresh token is valid for 24-28 hours" (reference §3.5); the lower bound is used
        // when the token's own exp claim is unreadable, so warnings are never late.
        BrokerKind.AngelOne => loginTime + AngelTokenLifetime,
        _ => throw new ArgumentOutOfRangeException(nameof(broker), broker, null),
    };
}
