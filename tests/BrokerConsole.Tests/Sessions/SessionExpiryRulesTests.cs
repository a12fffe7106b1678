using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Sessions;

public sealed class SessionExpiryRulesTests
{
    [Theory]
    // login (UTC)            → expires (UTC) = next 06:00 IST (00:30 UTC)
    [InlineData("2026-11-24T04:30:00Z", "2026-11-25T00:30:00Z")] // 10:00 IST → tomorrow 06:00 IST
    [InlineData("2026-11-24T00:29:59Z", "2026-11-24T00:30:00Z")] // 05:59:59 IST → today 06:00 IST
    [InlineData("2026-11-24T00:30:00Z", "2026-11-25T00:30:00Z")] // exactly 06:00 IST → the next day
    [InlineData("2026-11-23T20:00:00Z", "2026-11-24T00:30:00Z")] // 01:30 IST on the 24th, a UTC "yesterday"
    [InlineData("2026-12-31T19:00:00Z", "2027-01-01T00:30:00Z")] // 00:30 IST on New Year's day
    public void NextDailyFlush_is_the_first_0600_ist_after_login(string login, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            SessionExpiryRules.NextDailyFlush(DateTimeOffset.Parse(login, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void NextDailyFlush_ignores_the_offset_the_login_time_was_written_in()
    {
        var istLogin = new DateTimeOffset(2026, 11, 24, 15, 10, 0, TimeSpan.FromHours(5.5));
        var newYorkLogin = istLogin.ToOffset(TimeSpan.FromHours(-5));
        Assert.Equal(SessionExpiryRules.NextDailyFlush(istLogin), SessionExpiryRules.NextDailyFlush(newYorkLogin));
    }

    [Theory]
    [InlineData(BrokerKind.Zerodha)]
    [InlineData(BrokerKind.Dhan)]
    [InlineData(BrokerKind.Fyers)]
    public void ExpiresAt_is_the_next_0600_ist_for_daily_flush_brokers(BrokerKind broker)
    {
        var login = new DateTimeOffset(2026, 11, 24, 4, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 0, 30, 0, TimeSpan.Zero), BrokerModulesForTests.All.For(broker).SessionExpiresAt(login));
    }

    [Fact]
    public void ExpiresAt_for_angel_one_is_24_hours_after_login()
    {
        var login = new DateTimeOffset(2026, 11, 24, 4, 30, 0, TimeSpan.Zero);
        Assert.Equal(login.AddHours(24), BrokerModulesForTests.All.For(BrokerKind.AngelOne).SessionExpiresAt(login));
    }

    [Fact]
    public void View_remaining_is_never_negative_and_clock_expiry_shows_expired()
    {
        var accountId = Guid.NewGuid();
        var view = new AccountSessionView(accountId, SessionState.Active, SessionHealth.Healthy, DateTimeOffset.UnixEpoch,
            DateTimeOffset.UnixEpoch.AddHours(1), null, null, null, null, null, null);
        Assert.Equal(TimeSpan.Zero, view.Remaining(DateTimeOffset.UnixEpoch.AddHours(2)));
        Assert.Equal(TimeSpan.FromMinutes(30), view.Remaining(DateTimeOffset.UnixEpoch.AddMinutes(30)));
    }
}
