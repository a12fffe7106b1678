using BrokerConsole.Core.Time;

namespace BrokerConsole.Core.Scheduling;

/// <summary>
/// The one NSE/BSE calendar of the app: weekends, the exchange holidays file, and the normal 09:15–15:30 IST
/// session. The scheduler (through <see cref="IHolidayCalendar"/>), the morning reminder and the
/// "expiring before the next market open" rule all read this one service, so a holiday configured once
/// applies to all of them.
/// </summary>
public interface IMarketCalendar : IHolidayCalendar
{
    /// <summary>Whether the exchanges trade on that IST date: Monday to Friday and not a holiday.</summary>
    bool IsTradingDay(DateOnly istDate);

    /// <summary>The next normal open (09:15 IST on a trading day) at or after <paramref name="now"/>.</summary>
    DateTimeOffset NextOpen(DateTimeOffset now);

    /// <summary>Whether <paramref name="now"/> falls inside a normal session (a trading day, 09:15 to 15:30 IST).</summary>
    bool IsOpen(DateTimeOffset now);
}

/// <summary>
/// <see cref="IMarketCalendar"/> over a holiday source (in the app, <see cref="HolidayCalendar"/>'s file, wired in CoreRegistration).
/// Pure date arithmetic in IST (UTC+05:30 all year) whatever the server's own zone.
/// </summary>
public sealed class MarketCalendar(Func<DateOnly, bool> isHoliday) : IMarketCalendar
{
    /// <summary>Normal market open, IST.</summary>
    public static readonly TimeOnly OpenTime = new(9, 15);

    /// <summary>Normal market close, IST.</summary>
    public static readonly TimeOnly CloseTime = new(15, 30);

    /// <summary>A calendar with exactly these holidays (tests, tools).</summary>
    public static MarketCalendar WithHolidays(params DateOnly[] holidays)
    {
        var set = holidays.ToHashSet();
        return new MarketCalendar(set.Contains);
    }

    public bool IsHoliday(DateOnly date) => isHoliday(date);

    public bool IsTradingDay(DateOnly istDate) =>
        istDate.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(istDate);

    public DateTimeOffset NextOpen(DateTimeOffset now)
    {
        var day = ScheduleCalendar.IstDate(now);
        // A year of holidays in a row would be a broken file; refuse rather than loop forever.
        for (var i = 0; i < 370; i++, day = day.AddDays(1))
        {
            var open = new DateTimeOffset(day.ToDateTime(OpenTime), IndianTime.Offset);
            if (open >= now && IsTradingDay(day))
            {
                return open;
            }
        }

        throw new InvalidOperationException("The holiday calendar leaves no trading day within a year.");
    }

    public bool IsOpen(DateTimeOffset now)
    {
        var ist = IndianTime.ToIst(now);
        var time = TimeOnly.FromTimeSpan(ist.TimeOfDay);
        return IsTradingDay(DateOnly.FromDateTime(ist.DateTime)) && time >= OpenTime && time < CloseTime;
    }
}
