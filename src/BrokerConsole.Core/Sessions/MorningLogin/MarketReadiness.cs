using System.Globalization;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Time;

namespace BrokerConsole.Core.Sessions.MorningLogin;

/// <summary>How many accounts are live now, and how many need a login before the next market open.</summary>
/// <param name="LiveNow">Accounts with a session that works right now.</param>
/// <param name="NeedLogin">Accounts that would not be ready at <paramref name="NextOpen"/> (<see cref="MarketReadiness.NeedOf"/>).</param>
/// <param name="NextOpen">The next normal open of the market calendar (or now, while it is open).</param>
public sealed record ReadinessSummary(int LiveNow, int NeedLogin, DateTimeOffset NextOpen)
{
    /// <summary>"3 live now · 4 need a login before 09:15" (the day is named when the open is not today).</summary>
    public string Describe(DateTimeOffset now)
    {
        var open = IndianTime.ToIst(NextOpen);
        var sameDay = DateOnly.FromDateTime(open.DateTime) == DateOnly.FromDateTime(IndianTime.ToIst(now).DateTime);
        var when = open.ToString(sameDay ? "HH:mm" : "ddd HH:mm", CultureInfo.InvariantCulture);
        var need = NeedLogin == 0 ? "none needs a login" : NeedLogin == 1 ? "1 needs a login" : $"{NeedLogin} need a login";
        return $"{LiveNow} live now · {need} before {when}";
    }
}

/// <summary>
/// The one definition of "ready" shared by the Accounts page and Log in all: ready means a live session that
/// still works at the next market open (09:15 IST of the next trading day of the calendar).
/// </summary>
public static class MarketReadiness
{
    /// <summary>From 18:00 IST a token made now still dies at the 06:00 IST flush, before the next open.</summary>
    public static readonly TimeOnly LateEveningFrom = new(18, 0);

    /// <summary>Why the account needs a login before the next open, or <see cref="LoginNeed.Ready"/>.</summary>
    public static LoginNeed NeedOf(AccountSessionView view, DateTimeOffset now, IMarketCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(calendar);
        return view.State switch
        {
            SessionState.None => LoginNeed.NoSession,
            SessionState.Expired => LoginNeed.Expired,
            SessionState.Error => LoginNeed.Error,
            _ when view.ExpiresAt is not { } expires || expires <= now => LoginNeed.Expired,
            _ when MarketOpen.NeedsLogin(view, now, calendar) => LoginNeed.EndsBeforeOpen,
            _ => LoginNeed.Ready,
        };
    }

    /// <summary>Counts over every account (an account without a view has no session).</summary>
    public static ReadinessSummary Summarize(IEnumerable<AccountSessionView> views, DateTimeOffset now, IMarketCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(views);
        ArgumentNullException.ThrowIfNull(calendar);
        var live = 0;
        var need = 0;
        foreach (var view in views)
        {
            if (view.State == SessionState.Active && view.ExpiresAt > now)
            {
                live++;
            }

            if (NeedOf(view, now, calendar) != LoginNeed.Ready)
            {
                need++;
            }
        }

        return new ReadinessSummary(live, need, calendar.IsOpen(now) ? now : calendar.NextOpen(now));
    }

    /// <summary>The words a row shows for why it is listed; null for a ready account.</summary>
    public static string? Describe(LoginNeed need, AccountSessionView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return need switch
        {
            LoginNeed.NoSession => "No session",
            LoginNeed.Expired => "Expired",
            LoginNeed.Error => "Last check failed",
            LoginNeed.EndsBeforeOpen when view.ExpiresAt is { } ends =>
                $"Ends {IndianTime.ToIst(ends).ToString("HH:mm", CultureInfo.InvariantCulture)} before the next open",
            _ => null,
        };
    }

    /// <summary>
    /// Between 18:00 and 06:00 IST a login made now is flushed at the coming 06:00 (Zerodha, Fyers, Dhan), so it
    /// will not last to the next open: the hint says so before the trader spends the effort.
    /// </summary>
    public static bool IsLateEvening(DateTimeOffset now)
    {
        var time = TimeOnly.FromDateTime(IndianTime.ToIst(now).DateTime);
        return time >= LateEveningFrom || time < TimeOnly.FromTimeSpan(SessionExpiryRules.DailyFlush);
    }
}
