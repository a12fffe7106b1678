using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Notifications;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BrokerConsole.Tests.Scheduling.ScheduleTickets;

namespace BrokerConsole.Tests.Scheduling;

/// <summary>
/// The runner ↔ Kite and Angel One sandboxes over real HTTP. Ticks are given explicit instants on Tuesday
/// 24 Nov 2026 (15:10 IST = 09:40 UTC); each test deletes its schedules so later ticks do not fire them.
/// </summary>
public abstract class ScheduledRunTests(TestApp app)
{
    private static readonly DateOnly _tuesday = new(2026, 11, 24);
    private static readonly DateTimeOffset _due = ScheduleTickets.TuesdayDue;

    private static ScheduleDraft Draft(IReadOnlyList<Guid> accounts, params OrderTicket[] orders) => new()
    {
        Name = "Closing buys",
        AccountIds = accounts,
        Orders = orders,
        AutoExecute = true,
    };

    private async Task<ScheduleRun> RunAsync(Guid scheduleId, DateOnly date)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync();
        return await db.ScheduleRuns.AsNoTracking().Include(r => r.Items).SingleAsync(r => r.ScheduleId == scheduleId && r.TradingDate == date);
    }

    [Fact]
    public async Task Tick_at_15_10_ist_places_on_zerodha_and_angel_accounts_and_records_each_item()
    {
        await using var user = await app.NewTraderAsync();
        var kite = await app.AddKiteAccountAsync(user, "Kite main");
        var angel = await SchedulesSandbox.AddAngelAccountAsync(user, "Angel main");
        // One order fitting both brokers' symbols is not possible, so each broker gets its own schedule.
        var kiteSchedule = await user.Schedules.CreateAsync(Draft([kite], Kite(), Kite(1001m)));
        var angelSchedule = await user.Schedules.CreateAsync(Draft([angel], Angel()));
        Assert.Equal(new TimeOnly(15, 10), kiteSchedule.TimeOfDay);
        Assert.Equal(_due, kiteSchedule.NextRunAt);
        try
        {
            await app.Runner.TickAsync(_due.AddSeconds(-1));
            Assert.Empty(await user.Schedules.ListRunsAsync());

            await app.Runner.TickAsync(_due);

            var runs = await user.Schedules.ListRunsAsync();
            Assert.Equal(2, runs.Count);
            Assert.All(runs, r => Assert.Equal(ScheduleRunStatus.Completed, r.Status));
            var kiteRun = await user.Schedules.GetRunAsync(runs.Single(r => r.ScheduleId == kiteSchedule.Id).Id);
            Assert.Equal(2, kiteRun.Placed);
            Assert.All(kiteRun.Items, i => Assert.Equal(ScheduleRunItemStatus.Placed, i.Status));
            Assert.All(kiteRun.Items, i => Assert.NotNull(i.CompletedAt));
            var book = await app.BookAsync(user, kite);
            Assert.All(kiteRun.Items, i => Assert.Single(book, o => o.Tag == i.Tag || o.Tags.Contains(i.Tag)));
            var angelRun = await user.Schedules.GetRunAsync(runs.Single(r => r.ScheduleId == angelSchedule.Id).Id);
            var angelItem = Assert.Single(angelRun.Items);
            Assert.True(angelItem.Status == ScheduleRunItemStatus.Placed, angelItem.Message);
            Assert.Equal("Angel main", angelItem.AccountName);

            // Ticking again at the same or a later instant of the day never runs it twice.
            await app.Runner.TickAsync(_due.AddMinutes(1));
            Assert.Equal(2, (await user.Schedules.ListRunsAsync()).Count);
            Assert.Equal(2, (await app.BookAsync(user, kite)).Count(o => kiteRun.Items.Any(i => i.Tag == o.Tag)));
        }
        finally
        {
            await user.Schedules.DeleteAsync(kiteSchedule.Id);
            await user.Schedules.DeleteAsync(angelSchedule.Id);
        }
    }

    [Fact]
    public async Task Run_now_places_with_its_own_tags_refuses_a_second_in_flight_and_leaves_the_clock_run_alone()
    {
        await using var user = await app.NewTraderAsync();
        var kite = await app.AddKiteAccountAsync(user, "Kite now");
        // Auto-execute off: a clock run would skip everything, Run now is the owner's explicit action and places.
        var schedule = await user.Schedules.CreateAsync(Draft([kite], Kite(1002m)) with { AutoExecute = false });
        // Wall-clock latency on Kite's order calls keeps the first run in flight while the second click arrives.
        await app.Sandbox.ControlAsync("latency", new { milliseconds = 600, path_prefix = "/orders" });
        try
        {
            var runId = await user.Schedules.RunNowAsync(schedule.Id);
            var second = await Assert.ThrowsAsync<ScheduleRunInFlightException>(() => user.Schedules.RunNowAsync(schedule.Id));
            Assert.Equal(runId, second.RunId);

            var run = await user.Schedules.GetRunAsync(runId);
            for (var i = 0; i < 100 && run.Status == ScheduleRunStatus.Running; i++)
            {
                await Task.Delay(100);
                run = await user.Schedules.GetRunAsync(runId);
            }

            Assert.Equal(ScheduleRunStatus.Completed, run.Status);
            Assert.True(run.Manual);
            var item = Assert.Single(run.Items);
            Assert.True(item.Status == ScheduleRunItemStatus.Placed, item.Message);
            Assert.Equal(ScheduleTags.ForManualRun(runId, kite, 0), item.Tag);
            Assert.NotEqual(ScheduleTags.For(schedule.Id, _tuesday, kite, 0), item.Tag);
            var audit = await user.Scope.ServiceProvider.GetRequiredService<IAuditTrail>().RecentAsync(20);
            Assert.Contains(audit, a => a.Action == AuditAction.ScheduleRunNow && a.Summary.Contains("Closing buys", StringComparison.Ordinal));

            // The same IST date's clock run is still created once (and skipped: auto-execute is off), beside the manual one.
            await app.Runner.TickAsync(_due);
            ScheduleRun clockRun;
            await using (var db = await app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync())
            {
                var sameDay = await db.ScheduleRuns.AsNoTracking().Include(r => r.Items).Where(r => r.ScheduleId == schedule.Id && r.TradingDate == _tuesday).ToListAsync();
                Assert.Equal(2, sameDay.Count);
                clockRun = Assert.Single(sameDay, r => !r.Manual);
            }

            Assert.All(clockRun.Items, i => Assert.Equal(ScheduleRunItemStatus.Skipped, i.Status));
            Assert.Equal(2, (await user.Schedules.ListRunsAsync(schedule.Id)).Count);
            Assert.Single(await app.BookAsync(user, kite), o => o.Tag == item.Tag || o.Tags.Contains(item.Tag));
        }
        finally
        {
            await app.Sandbox.ControlAsync("latency", new { milliseconds = 0 });
            await user.Schedules.DeleteAsync(schedule.Id);
        }
    }

    [Fact]
    public async Task Run_now_of_another_users_schedule_is_not_found_and_creates_nothing()
    {
        await using var owner = await app.NewTraderAsync();
        await using var other = await app.NewTraderAsync();
        var kite = await app.AddKiteAccountAsync(owner, "Kite owner", connect: false, clientId: SchedulesSandbox.OfflineClientId());
        var schedule = await owner.Schedules.CreateAsync(Draft([kite], Kite()));
        try
        {
            await Assert.ThrowsAsync<ScheduleNotFoundException>(() => other.Schedules.RunNowAsync(schedule.Id));
            Assert.Empty(await owner.Schedules.ListRunsAsync(schedule.Id));
        }
        finally
        {
            await owner.Schedules.DeleteAsync(schedule.Id);
        }
    }

    [Fact]
    public async Task Restart_mid_run_reconciles_by_tag_and_places_nothing_twice()
    {
        await using var user = await app.NewTraderAsync();
        var kite = await app.AddKiteAccountAsync(user, "Kite restart");
        var schedule = await user.Schedules.CreateAsync(Draft([kite], Kite(990m), Kite(991m)));
        try
        {
            await app.Runner.TickAsync(_due);
            var first = await RunAsync(schedule.Id, _tuesday);
            Assert.All(first.Items, i => Assert.Equal(ScheduleRunItemStatus.Placed, i.Status));

            // As if the app died right after sending both orders, before recording their outcome.
            var dbFactory = app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>();
            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                await db.ScheduleRuns.Where(r => r.Id == first.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ScheduleRunStatus.Running));
                await db.ScheduleRunItems.Where(i => i.RunId == first.Id).ExecuteUpdateAsync(u => u
                    .SetProperty(i => i.Status, ScheduleRunItemStatus.Sending).SetProperty(i => i.BrokerOrderId, (string?)null));
            }

            var summary = await app.Runner.TickAsync(_due.AddMinutes(2));

            Assert.True(summary.RunsResumed >= 1);
            var again = await RunAsync(schedule.Id, _tuesday);
            Assert.Equal(ScheduleRunStatus.Completed, again.Status);
            Assert.All(again.Items, i => Assert.Equal(ScheduleRunItemStatus.Placed, i.Status));
            Assert.All(again.Items, i => Assert.Contains("after a restart", i.Message, StringComparison.Ordinal));
            var book = await app.BookAsync(user, kite);
            Assert.All(first.Items, i => Assert.Single(book, o => o.Tag == i.Tag || o.Tags.Contains(i.Tag)));
            Assert.Equal(first.Items.Select(i => i.BrokerOrderId).Order(), again.Items.Select(i => i.BrokerOrderId).Order());
        }
        finally
        {
            await user.Schedules.DeleteAsync(schedule.Id);
        }
    }

    [Fact]
    public async Task Tick_later_than_grace_records_missed_and_places_nothing()
    {
        await using var user = await app.NewTraderAsync();
        var kite = await app.AddKiteAccountAsync(user, "Kite early crash");
        var schedule = await user.Schedules.CreateAsync(Draft([kite], Kite(980m)));
        try
        {
            // Ten minutes late (the app was down): outside the five-minute grace.
            await app.Runner.TickAsync(_due.AddMinutes(10));
            var missed = await RunAsync(schedule.Id, _tuesday);
            Assert.Equal(ScheduleRunStatus.Missed, missed.Status);
            Assert.Empty(missed.Items);
            Assert.Contains("grace", missed.Message, StringComparison.Ordinal);
            var tag = ScheduleTags.For(schedule.Id, _tuesday, kite, 0);
            Assert.DoesNotContain(await app.BookAsync(user, kite), o => o.Tag == tag);
        }
        finally
        {
            await user.Schedules.DeleteAsync(schedule.Id);
        }
    }

    [Fact]
    public async Task Tick_within_grace_after_downtime_executes_the_run()
    {
        await using var user = await app.NewTraderAsync();
        var kite = await app.AddKiteAccountAsync(user, "Kite late start");
        var schedule = await user.Schedules.CreateAsync(Draft([kite], Kite(970m)));
        try
        {
            await app.Runner.TickAsync(_due.AddMinutes(4));

            var run = await RunAsync(schedule.Id, _tuesday);
            Assert.Equal(ScheduleRunStatus.Completed, run.Status);
            Assert.Equal(ScheduleRunItemStatus.Placed, Assert.Single(run.Items).Status);
        }
        finally
        {
            await user.Schedules.DeleteAsync(schedule.Id);
        }
    }

    [Fact]
    public async Task Account_without_session_is_skipped_with_reason_and_owner_is_warned_once_ahead()
    {
        await using var user = await app.NewTraderAsync();
        var live = await app.AddKiteAccountAsync(user, "Kite live");
        var offline = await app.AddKiteAccountAsync(user, "Kite offline", connect: false, clientId: SchedulesSandbox.OfflineClientId());
        var schedule = await user.Schedules.CreateAsync(Draft([live, offline], Kite(960m)));
        try
        {
            await app.Runner.TickAsync(_due.AddMinutes(-31));
            var notifications = user.Scope.ServiceProvider.GetRequiredService<INotificationService>();
            Assert.DoesNotContain(await notifications.ListAsync(), n => n.Kind == NotificationKind.ScheduleNeedsLogin);

            await app.Runner.TickAsync(_due.AddMinutes(-30));
            await app.Runner.TickAsync(_due.AddMinutes(-20));

            var warning = Assert.Single(await notifications.ListAsync(), n => n.Kind == NotificationKind.ScheduleNeedsLogin);
            Assert.Equal(offline, warning.AccountId);
            Assert.Contains("Closing buys", warning.Message, StringComparison.Ordinal);

            await app.Runner.TickAsync(_due);
            var run = await user.Schedules.GetRunAsync((await user.Schedules.ListRunsAsync(schedule.Id)).Single().Id);
            Assert.Equal(1, run.Placed);
            var skipped = Assert.Single(run.Items, i => i.AccountId == offline);
            Assert.Equal(ScheduleRunItemStatus.Skipped, skipped.Status);
            Assert.Contains("no live session", skipped.Message, StringComparison.Ordinal);
        }
        finally
        {
            await user.Schedules.DeleteAsync(schedule.Id);
        }
    }

    [Fact]
    public async Task One_accounts_broker_refusing_does_not_block_the_other_account()
    {
        await using var user = await app.NewTraderAsync();
        var kite = await app.AddKiteAccountAsync(user, "Kite ok");
        // The sandbox's IP-locked Angel app refuses orders from this machine's address (a static-IP refusal).
        var locked = await SchedulesSandbox.AddAngelAccountAsync(user, "Angel locked", SchedulesSandbox.AngelIpLockedApiKey);
        var schedule = await user.Schedules.CreateAsync(Draft([locked, kite], Kite(950m)));
        try
        {
            await app.Runner.TickAsync(_due);

            var run = await user.Schedules.GetRunAsync((await user.Schedules.ListRunsAsync(schedule.Id)).Single().Id);
            Assert.Equal(ScheduleRunStatus.Completed, run.Status);
            Assert.Equal(ScheduleRunItemStatus.Placed, Assert.Single(run.Items, i => i.AccountId == kite).Status);
            var refused = Assert.Single(run.Items, i => i.AccountId == locked);
            Assert.Equal(ScheduleRunItemStatus.Rejected, refused.Status);
            Assert.Contains("static IP", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            await user.Schedules.DeleteAsync(schedule.Id);
        }
    }

    [Fact]
    public async Task A_run_with_a_rejection_finishes_with_one_amber_notification_linking_the_run()
    {
        await using var user = await app.NewTraderAsync();
        var kite = await app.AddKiteAccountAsync(user, "Kite amber");
        // 5000 at 1000 is beyond the sandbox account's funds: the broker registers it as REJECTED.
        var schedule = await user.Schedules.CreateAsync(Draft([kite], Kite(), Kite() with { Quantity = 5000 }));
        try
        {
            await app.Runner.TickAsync(_due);
            await app.Runner.TickAsync(_due.AddMinutes(1));

            var run = (await user.Schedules.ListRunsAsync(schedule.Id)).Single();
            var notices = await user.Scope.ServiceProvider.GetRequiredService<INotificationService>().ListAsync();
            var finished = Assert.Single(notices, n => n.Kind == NotificationKind.ScheduleRunFinished);
            Assert.Equal(NotificationTone.Warning, finished.Tone);
            Assert.Equal("Schedule 'Closing buys': Completed · 1 rejected. 1 of 2 orders placed.", finished.Message);
            Assert.Equal($"schedules/runs/{run.Id}", finished.Link);
            Assert.Contains("Insufficient funds", Assert.Single(notices, n => n.Kind == NotificationKind.OrderRejected).Message, StringComparison.Ordinal);
        }
        finally
        {
            await user.Schedules.DeleteAsync(schedule.Id);
        }
    }

    [Fact]
    public async Task Holiday_from_the_calendar_file_gets_no_run()
    {
        await using var user = await app.NewTraderAsync();
        var kite = await app.AddKiteAccountAsync(user, "Kite holiday");
        var schedule = await user.Schedules.CreateAsync(Draft([kite], Kite(940m)) with { Days = [DayOfWeek.Thursday] });
        try
        {
            await app.Runner.TickAsync(ScheduleCalendar.DueAt(SchedulesSandbox.Holiday, new TimeOnly(15, 10)));

            Assert.Empty(await user.Schedules.ListRunsAsync(schedule.Id));
            Assert.Equal(ScheduleCalendar.DueAt(new DateOnly(2026, 12, 3), new TimeOnly(15, 10)), (await user.Schedules.GetAsync(schedule.Id)).NextRunAt);
        }
        finally
        {
            await user.Schedules.DeleteAsync(schedule.Id);
        }
    }

    [Fact]
    public async Task Another_users_schedule_and_accounts_behave_as_not_found()
    {
        await using var owner = await app.NewTraderAsync();
        await using var other = await app.NewTraderAsync();
        var kite = await app.AddKiteAccountAsync(owner, "Kite owner", connect: false, clientId: SchedulesSandbox.OfflineClientId());
        var schedule = await owner.Schedules.CreateAsync(Draft([kite], Kite()));
        try
        {
            await Assert.ThrowsAsync<ScheduleNotFoundException>(() => other.Schedules.GetAsync(schedule.Id));
            await Assert.ThrowsAsync<ScheduleNotFoundException>(() => other.Schedules.UpdateAsync(schedule.Id, Draft([kite], Kite())));
            await Assert.ThrowsAsync<ScheduleNotFoundException>(() => other.Schedules.DeleteAsync(schedule.Id));
            await Assert.ThrowsAsync<AccountNotFoundException>(() => other.Schedules.CreateAsync(Draft([kite], Kite())));
            Assert.Empty(await other.Schedules.ListAsync());
            var invalid = await Assert.ThrowsAsync<ScheduleValidationException>(() => owner.Schedules.CreateAsync(Draft([kite], Kite() with { Quantity = 0 })));
            Assert.Contains(invalid.Errors, e => e.StartsWith("Order 1:", StringComparison.Ordinal));
        }
        finally
        {
            await owner.Schedules.DeleteAsync(schedule.Id);
        }
    }

    [Fact]
    public async Task Dhan_symbols_are_checked_when_the_schedule_is_saved_not_when_it_runs()
    {
        await using var user = await app.NewTraderAsync();
        var dhan = await user.Accounts.CreateAsync(BrokerConsole.Tests.TestSupport.AccountDrafts.Dhan());

        var invalid = await Assert.ThrowsAsync<ScheduleValidationException>(() => user.Schedules.CreateAsync(Draft([dhan.Id], Angel())));
        Assert.Contains("Order 1 on Dhan main: Dhan takes the security id as the symbol", invalid.Errors[0], StringComparison.Ordinal);
        Assert.Empty(await user.Schedules.ListAsync());

        var schedule = await user.Schedules.CreateAsync(Draft([dhan.Id], Angel() with { TradingSymbol = "3045" }));
        await user.Schedules.DeleteAsync(schedule.Id);
    }
}

/// <summary><see cref="ScheduledRunTests"/> on SQLite, the default provider.</summary>
public sealed class ScheduledRunTestsOnSqlite(SharedApp<SchedulesSandbox> app) : ScheduledRunTests(app), IClassFixture<SharedApp<SchedulesSandbox>>;

/// <summary><see cref="ScheduledRunTests"/> on PostgreSQL.</summary>
public sealed class ScheduledRunTestsOnPostgres(SharedApp<PostgresSchedules> app) : ScheduledRunTests(app), IClassFixture<SharedApp<PostgresSchedules>>;
