using BrokerConsole.Core.Time;

namespace BrokerConsole.Core.Scheduling;

/// <summary>What the scheduler does with an occurrence whose due instant has passed.</summary>
public enum MisfireDecision
{
    /// <summary>Not due yet.</summary>
    NotDue,

    /// <summary>Due, and no later than the grace window: execute now.</summary>
    Execute,

    /// <summary>Later than the grace window (the app was down): record as Missed, place nothing.</summary>
    Missed,
}

/// <summary>Pure date arithmetic of schedules, in IST (UTC+05:30 all year) whatever the server's own zone.</summary>
public static class ScheduleCalendar
{
    /// <summary>The UTC instant of <paramref name="time"/> IST on the IST date <paramref name="date"/>.</summary>
    public static DateTimeOffset DueAt(DateOnly date, TimeOnly time) =>
        new DateTimeOffset(date.ToDateTime(time), IndianTime.Offset).ToUniversalTime();

    /// <summary>The IST calendar date of an instant.</summary>
    public static DateOnly IstDate(DateTimeOffset instant) => DateOnly.FromDateTime(IndianTime.ToIst(instant).DateTime);

    /// <summary>Whether the schedule runs on that IST date: one of its days and not an exchange holiday.</summary>
    public static bool RunsOn(IReadOnlyCollection<DayOfWeek> days, DateOnly date, IHolidayCalendar holidays)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(holidays);
        return days.Contains(date.DayOfWeek) && !holidays.IsHoliday(date);
    }

    /// <summary>The latest occurrence due at or before <paramref name="now"/> (looking back a week), or null.</summary>
    public static DateOnly? LatestDue(IReadOnlyCollection<DayOfWeek> days, TimeOnly time, DateTimeOffset now, IHolidayCalendar holidays)
    {
        var today = IstDate(now);
        for (var back = 0; back <= 7; back++)
        {
            var date = today.AddDays(-back);
            if (DueAt(date, time) <= now && RunsOn(days, date, holidays))
            {
                return date;
            }
        }

        return null;
    }

    /// <summary>The next occurrence due strictly after <paramref name="now"/> (looking ahead a year), or null.</summary>
    public static DateOnly? NextDue(IReadOnlyCollection<DayOfWeek> days, TimeOnly time, DateTimeOffset now, IHolidayCalendar holidays)
    {
        var today = IstDate(now);
        for (var ahead = 0; ahead <= 366; ahead++)
        {
            var date = today.AddDays(ahead);
            if (DueAt(date, time) > now && RunsOn(days, date, holidays))
            {
                return date;
            }
        }

        return null;
    }

    /// <summary>
    /// The misfire rule: an occurrence is executed when the scheduler sees it no later than
    /// <paramref name="grace"/> after its due instant; later than that (the app was down or asleep)
    /// it is recorded as Missed and nothing is placed, because a 15:10 trade sent at 15:40 is a different trade.
    /// </summary>
    public static MisfireDecision Decide(DateTimeOffset dueAt, DateTimeOffset now, TimeSpan grace) =>
        now < dueAt ? MisfireDecision.NotDue
        : now - dueAt <= grace ? MisfireDecision.Execute
        : MisfireDecision.Missed;
}
