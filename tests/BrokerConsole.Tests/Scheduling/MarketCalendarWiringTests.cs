using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Notifications;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Core.Sessions.MorningLogin;
using BrokerConsole.Core.Time;
using BrokerConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Tests.Scheduling;

/// <summary>
/// The holidays file configured once (<c>Scheduling:HolidayCalendarPath</c>, Thursday 26 Nov 2026 in this app)
/// reaches the scheduler, the morning reminder and the "before the next open" rule through one service.
/// </summary>
public sealed class MarketCalendarWiringTests(SharedApp<SchedulesSandbox> app) : IClassFixture<SharedApp<SchedulesSandbox>>
{
    private static DateTimeOffset Ist(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0, IndianTime.Offset);

    [Fact]
    public void Calendar_scheduler_and_reminder_share_one_instance_reading_the_file()
    {
        var market = app.Services.GetRequiredService<IMarketCalendar>();
        Assert.Same(market, app.Services.GetRequiredService<IHolidayCalendar>());
        Assert.True(market.IsHoliday(SchedulesSandbox.Holiday));
        Assert.False(market.IsTradingDay(SchedulesSandbox.Holiday));

        // Wednesday evening: the next open skips the holiday Thursday.
        Assert.Equal(Ist(27, 9, 15), market.NextOpen(Ist(25, 18, 0)));
        Assert.Equal(Ist(27, 8, 30), app.Services.GetRequiredService<MorningReminder>().NextDue(Ist(25, 9, 0)));
    }

    [Fact]
    public async Task Reminder_on_the_file_holiday_sends_nothing_and_the_next_trading_day_does()
    {
        var userId = await app.CreateUserAsync("calendar-reminder@example.com");
        await using (var scope = app.ScopeFor(userId))
        {
            await scope.ServiceProvider.GetRequiredService<IAccountService>().CreateAsync(AccountDrafts.Zerodha("CAL101", "calendarkey1"));
        }

        // The app's hosted reminder is switched off in tests; this one is on, with the app's own calendar service.
        var reminder = new MorningReminder(app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>(),
            app.Services.GetRequiredService<UserEventHub<SessionChange>>(), Options.Create(new MorningReminderOptions()),
            app.Services.GetRequiredService<IMarketCalendar>(), NullLogger<MorningReminder>.Instance);
        Assert.Equal(0, await reminder.RunOnceAsync(Ist(26, 8, 30)));
        Assert.Equal(1, await reminder.RunOnceAsync(Ist(27, 8, 30)));

        await using var read = app.ScopeFor(userId);
        var sent = (await read.ServiceProvider.GetRequiredService<INotificationService>().ListAsync())
            .Where(n => n.Kind == NotificationKind.MorningLoginReminder).ToList();
        Assert.Single(sent);
    }
}
