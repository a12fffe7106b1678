using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Notifications;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Sessions.MorningLogin;
using BrokerConsole.Core.Time;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Tests.Sessions.MorningLogin;

public sealed class MorningReminderTests(TestApp app) : IClassFixture<TestApp>
{
    private static DateTimeOffset Ist(int day, int hour, int minute, int second = 0) =>
        new(2026, 11, day, hour, minute, second, IndianTime.Offset);

    private MorningReminder Reminder(params DateOnly[] holidays)
    {
        return new MorningReminder(app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Core.Persistence.BrokerConsoleDbContext>>(),
            app.Services.GetRequiredService<UserEventHub<Core.Sessions.SessionChange>>(), Options.Create(new MorningReminderOptions()),
            MarketCalendar.WithHolidays(holidays), NullLogger<MorningReminder>.Instance);
    }

    private async Task<(string UserId, AccountSummary Account)> UserWithAccountAsync(string email, string clientId)
    {
        var userId = await app.CreateUserAsync(email);
        await using var scope = app.ScopeFor(userId);
        var account = await scope.ServiceProvider.GetRequiredService<IAccountService>().CreateAsync(AccountDrafts.Zerodha(clientId, "reminderkey1"));
        return (userId, account);
    }

    private async Task<IReadOnlyList<NotificationView>> NotificationsOfAsync(string userId)
    {
        await using var scope = app.ScopeFor(userId);
        return (await scope.ServiceProvider.GetRequiredService<INotificationService>().ListAsync())
            .Where(n => n.Kind == NotificationKind.MorningLoginReminder).ToList();
    }

    [Fact]
    public void NextDue_is_0830_ist_on_the_next_trading_day_whatever_the_zone()
    {
        var reminder = Reminder();
        // Tuesday 24 Nov, 02:59:59 UTC = 08:29:59 IST: due one second later, at 03:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero), reminder.NextDue(new DateTimeOffset(2026, 11, 24, 2, 59, 59, TimeSpan.Zero)));
        // The same instant expressed in New York time gives the same answer.
        Assert.Equal(Ist(24, 8, 30), reminder.NextDue(new DateTimeOffset(2026, 11, 23, 21, 59, 59, TimeSpan.FromHours(-5))));
        // Friday after the reminder: the next one is Monday, the weekend is skipped.
        Assert.Equal(Ist(30, 8, 30), reminder.NextDue(Ist(27, 8, 30)));
    }

    [Fact]
    public void NextDue_skips_a_configured_holiday()
    {
        var reminder = Reminder(new DateOnly(2026, 11, 25));
        Assert.Equal(Ist(26, 8, 30), reminder.NextDue(Ist(24, 9, 0)));
    }

    [Fact]
    public async Task RunOnce_fires_at_the_ist_instant_once_and_lists_the_accounts()
    {
        var (userId, account) = await UserWithAccountAsync("reminder-fires@example.com", "RM1001");
        var reminder = Reminder();

        // Tuesday: a second early nothing is sent; at 08:30 IST it is; again, not twice.
        await reminder.RunOnceAsync(Ist(24, 8, 29, 59));
        Assert.Empty(await NotificationsOfAsync(userId));
        await reminder.RunOnceAsync(Ist(24, 8, 30));
        await reminder.RunOnceAsync(Ist(24, 8, 45));
        var sent = Assert.Single(await NotificationsOfAsync(userId));
        Assert.Contains("1 of 1 accounts need a login before the 09:15 IST open", sent.Message, StringComparison.Ordinal);
        Assert.Contains(account.DisplayName, sent.Message, StringComparison.Ordinal);

        // After the open it is too late for a morning reminder.
        await reminder.RunOnceAsync(Ist(25, 9, 15));
        Assert.Single(await NotificationsOfAsync(userId));
    }

    [Fact]
    public async Task Host_on_a_fake_clock_sends_when_the_clock_reaches_0830_ist()
    {
        var (userId, _) = await UserWithAccountAsync("reminder-host@example.com", "RM3001");
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Ist(24, 8, 0));
        using var host = new MorningReminderHost(Reminder(), new BrokerConsole.Core.Cluster.SingleNodeLeadership(), clock, NullLogger<MorningReminderHost>.Instance);
        await host.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilAsync(async () => (await NotificationsOfAsync(userId)).Count > 0, TimeSpan.FromSeconds(1));
            Assert.Empty(await NotificationsOfAsync(userId)); // 08:00: nothing yet

            clock.Advance(TimeSpan.FromMinutes(30));
            Assert.True(await WaitUntilAsync(async () => (await NotificationsOfAsync(userId)).Count > 0, TimeSpan.FromSeconds(10)));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    [Fact]
    public async Task RunOnce_on_a_weekend_or_holiday_sends_nothing()
    {
        var (userId, _) = await UserWithAccountAsync("reminder-weekend@example.com", "RM2001");
        await Reminder().RunOnceAsync(Ist(28, 8, 30)); // Saturday
        await Reminder().RunOnceAsync(Ist(29, 8, 45)); // Sunday
        await Reminder(new DateOnly(2026, 11, 30)).RunOnceAsync(Ist(30, 8, 30)); // a holiday Monday
        Assert.Empty(await NotificationsOfAsync(userId));
    }
}
