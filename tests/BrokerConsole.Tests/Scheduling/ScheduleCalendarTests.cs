using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Scheduling;

/// <summary>IST date arithmetic, days of the week, holidays, the misfire rule and tags, without the app.</summary>
public sealed class ScheduleCalendarTests
{
    private sealed class Holidays(params DateOnly[] dates) : IHolidayCalendar
    {
        public bool IsHoliday(DateOnly date) => dates.Contains(date);
    }

    private static readonly DayOfWeek[] _weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    private static readonly TimeOnly _tenPastThree = new(15, 10);

    [Theory]
    [InlineData("America/New_York")]
    [InlineData("Pacific/Kiritimati")]
    [InlineData("UTC")]
    public void DueAt_any_server_zone_is_15_10_ist_which_is_09_40_utc(string serverZone)
    {
        // The server's local zone is set on the clock to prove nothing reads it: only instants are compared.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 39, 59, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.FindSystemTimeZoneById(serverZone));

        var due = ScheduleCalendar.DueAt(new DateOnly(2026, 11, 24), _tenPastThree);

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 40, 0, TimeSpan.Zero), due);
        Assert.Equal(new DateOnly(2026, 11, 23), ScheduleCalendar.LatestDue(_weekdays, _tenPastThree, clock.GetUtcNow(), new Holidays()));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new DateOnly(2026, 11, 24), ScheduleCalendar.LatestDue(_weekdays, _tenPastThree, clock.GetUtcNow(), new Holidays()));
    }

    [Fact]
    public void IstDate_after_18_30_utc_is_the_next_day()
    {
        Assert.Equal(new DateOnly(2026, 11, 25), ScheduleCalendar.IstDate(new DateTimeOffset(2026, 11, 24, 18, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 11, 24), ScheduleCalendar.IstDate(new DateTimeOffset(2026, 11, 24, 18, 29, 59, TimeSpan.Zero)));
    }

    [Fact]
    public void NextDue_friday_after_the_time_skips_the_weekend_to_monday()
    {
        var fridayEvening = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2026, 11, 30), ScheduleCalendar.NextDue(_weekdays, _tenPastThree, fridayEvening, new Holidays()));
        var sunday = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 11, 27), ScheduleCalendar.LatestDue(_weekdays, _tenPastThree, sunday, new Holidays()));
    }

    [Fact]
    public void RunsOn_only_the_chosen_days()
    {
        DayOfWeek[] days = [DayOfWeek.Wednesday];
        var tuesday = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2026, 11, 25), ScheduleCalendar.NextDue(days, _tenPastThree, tuesday, new Holidays()));
        Assert.False(ScheduleCalendar.RunsOn(days, new DateOnly(2026, 11, 24), new Holidays()));
    }

    [Fact]
    public void NextDue_holiday_is_skipped()
    {
        var wednesdayEvening = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
        var holidays = new Holidays(new DateOnly(2026, 11, 26));

        Assert.Equal(new DateOnly(2026, 11, 27), ScheduleCalendar.NextDue(_weekdays, _tenPastThree, wednesdayEvening, holidays));
        Assert.False(ScheduleCalendar.RunsOn(_weekdays, new DateOnly(2026, 11, 26), holidays));
    }

    [Fact]
    public void HolidayCalendar_parses_json_and_csv()
    {
        var json = HolidayCalendar.Parse("""["2026-01-26", "2026-03-03"]""");
        var csv = HolidayCalendar.Parse("date,name\n# comment\n2026-01-26,Republic Day\n\"2026-03-03\",Holi\n");

        Assert.Equal([new DateOnly(2026, 1, 26), new DateOnly(2026, 3, 3)], json.Order());
        Assert.Equal(json, csv);
    }

    [Theory]
    [InlineData(-1, MisfireDecision.NotDue)]
    [InlineData(0, MisfireDecision.Execute)]
    [InlineData(300, MisfireDecision.Execute)]
    [InlineData(301, MisfireDecision.Missed)]
    [InlineData(86400, MisfireDecision.Missed)]
    public void Decide_seconds_after_due_with_five_minute_grace(int secondsLate, MisfireDecision expected)
    {
        var due = new DateTimeOffset(2026, 11, 24, 9, 40, 0, TimeSpan.Zero);

        Assert.Equal(expected, ScheduleCalendar.Decide(due, due.AddSeconds(secondsLate), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void ScheduleTags_are_deterministic_valid_and_distinct()
    {
        var schedule = Guid.NewGuid();
        var account = Guid.NewGuid();
        var date = new DateOnly(2026, 11, 24);

        var tag = ScheduleTags.For(schedule, date, account, 0);

        Assert.Equal(tag, ScheduleTags.For(schedule, date, account, 0));
        Assert.Equal(ScheduleTags.Length, tag.Length);
        Assert.True(tag.Length < OrderTags.MaxLength);
        Assert.True(OrderTags.IsValid(tag), tag);
        Assert.NotEqual(tag, ScheduleTags.For(schedule, date, account, 1));
        Assert.NotEqual(tag, ScheduleTags.For(schedule, date.AddDays(1), account, 0));
        Assert.NotEqual(tag, ScheduleTags.For(schedule, date, Guid.NewGuid(), 0));
    }
}
