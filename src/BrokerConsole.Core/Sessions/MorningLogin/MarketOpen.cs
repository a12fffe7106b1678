using BrokerConsole.Core.Time;

namespace BrokerConsole.Core.Sessions.MorningLogin;

/// <summary>When the next session of NSE/BSE starts, and which accounts would not be ready for it.</summary>
public static class MarketOpen
{
    /// <summary>Normal market open, IST.</summary>
    public static readonly TimeSpan OpenTime = new(9, 15, 0);

    /// <summary>
    /// The next 09:15 IST on a weekday at or after <paramref name="now"/>. Holidays are not known here:
    /// a session good until a weekday open that turns out to be a holiday is asked for a bit early, never late.
    /// </summary>
    public static DateTimeOffset Next(DateTimeOffset now)
    {
        var ist = IndianTime.ToIst(now);
        var candidate = new DateTimeOffset(ist.Date + OpenTime, IndianTime.Offset);
        if (candidate < ist)
        {
            candidate = candidate.AddDays(1);
        }

        while (candidate.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            candidate = candidate.AddDays(1);
        }

        return candidate;
    }

    /// <summary>Normal market close, IST.</summary>
    public static readonly TimeSpan CloseTime = new(15, 30, 0);

    /// <summary>
    /// True when the account has no live session, or its session ends before (or at) the next market open,
    /// so it would not be ready when trading starts. While the market is open, any live session is ready:
    /// tomorrow's login is tomorrow's business.
    /// </summary>
    public static bool NeedsLogin(AccountSessionView view, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.State != SessionState.Active || view.ExpiresAt is not { } expires)
        {
            return true;
        }

        var ist = IndianTime.ToIst(now);
        var marketOpenNow = ist.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
            && ist.TimeOfDay >= OpenTime && ist.TimeOfDay < CloseTime;
        return expires <= (marketOpenNow ? now : Next(now));
    }
}
