using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Core.Sessions.MorningLogin;
using BrokerConsole.Core.Time;

namespace BrokerConsole.Tests.Sessions.MorningLogin;

/// <summary>The one definition of "ready" that the Accounts and Log in all pages share.</summary>
public sealed class MarketReadinessTests
{
    private static readonly MarketCalendar _weekdays = MarketCalendar.WithHolidays();

    private static DateTimeOffset Ist(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0, IndianTime.Offset);

    private static AccountSessionView View(SessionState state, DateTimeOffset? expires) =>
        new(Guid.NewGuid(), state, SessionHealth.Healthy, null, expires, null, null, null, null, null, null);

    [Fact]
    public void Summary_counts_live_now_and_those_needing_a_login_before_the_open()
    {
        // Tuesday 24 Nov, 08:00 IST: two sessions die at 06:00 tomorrow (fine), one at 09:00 today (before the open).
        var now = Ist(24, 8, 0);
        var views = new[]
        {
            View(SessionState.Active, Ist(25, 6, 0)),
            View(SessionState.Active, Ist(25, 6, 0)),
            View(SessionState.Active, Ist(24, 9, 0)),
            View(SessionState.None, null),
            View(SessionState.Expired, Ist(24, 6, 0)),
        };

        var summary = MarketReadiness.Summarize(views, now, _weekdays);

        Assert.Equal(3, summary.LiveNow);
        Assert.Equal(3, summary.NeedLogin);
        Assert.Equal("3 live now · 3 need a login before 09:15", summary.Describe(now));
    }

    [Fact]
    public void Summary_names_the_day_when_the_open_is_not_today()
    {
        // Friday 27 Nov, 20:00 IST: the next open is Monday.
        var now = Ist(27, 20, 0);

        var summary = MarketReadiness.Summarize([View(SessionState.Active, Ist(28, 6, 0))], now, _weekdays);

        Assert.Equal("1 live now · 1 needs a login before Mon 09:15", summary.Describe(now));
    }

    [Fact]
    public void Need_says_why_an_account_is_listed()
    {
        var now = Ist(24, 8, 0);
        var endsAtSix = View(SessionState.Active, Ist(24, 9, 0));

        Assert.Equal(LoginNeed.NoSession, MarketReadiness.NeedOf(View(SessionState.None, null), now, _weekdays));
        Assert.Equal(LoginNeed.Expired, MarketReadiness.NeedOf(View(SessionState.Expired, null), now, _weekdays));
        Assert.Equal(LoginNeed.Error, MarketReadiness.NeedOf(View(SessionState.Error, Ist(25, 6, 0)), now, _weekdays));
        Assert.Equal(LoginNeed.EndsBeforeOpen, MarketReadiness.NeedOf(endsAtSix, now, _weekdays));
        Assert.Equal(LoginNeed.Ready, MarketReadiness.NeedOf(View(SessionState.Active, Ist(25, 6, 0)), now, _weekdays));
        Assert.Equal("Ends 09:00 before the next open", MarketReadiness.Describe(LoginNeed.EndsBeforeOpen, endsAtSix));
        Assert.Equal("No session", MarketReadiness.Describe(LoginNeed.NoSession, endsAtSix));
        Assert.Null(MarketReadiness.Describe(LoginNeed.Ready, endsAtSix));
    }

    [Theory]
    [InlineData(17, 59, false)]
    [InlineData(18, 0, true)]
    [InlineData(23, 30, true)]
    [InlineData(5, 59, true)]
    [InlineData(6, 0, false)]
    public void Late_evening_runs_from_18_00_to_the_06_00_flush(int hour, int minute, bool late)
    {
        Assert.Equal(late, MarketReadiness.IsLateEvening(Ist(24, hour, minute)));
    }
}
