using BrokerConsole.Core.Scheduling;

namespace BrokerConsole.Core.Sessions.MorningLogin;

/// <summary>Which accounts would not be ready for the next market open of the shared <see cref="IMarketCalendar"/>.</summary>
public static class MarketOpen
{
    /// <summary>
    /// True when the account has no live session, or its session ends before (or at) the next market open,
    /// so it would not be ready when trading starts. While the market is open, any live session is ready:
    /// tomorrow's login is tomorrow's business. Holidays count: with Monday a holiday, a session ending
    /// Monday 06:00 is still "before the next open" (Tuesday 09:15) on Friday evening.
    /// </summary>
    public static bool NeedsLogin(AccountSessionView view, DateTimeOffset now, IMarketCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(calendar);
        if (view.State != SessionState.Active || view.ExpiresAt is not { } expires)
        {
            return true;
        }

        return expires <= (calendar.IsOpen(now) ? now : calendar.NextOpen(now));
    }
}
