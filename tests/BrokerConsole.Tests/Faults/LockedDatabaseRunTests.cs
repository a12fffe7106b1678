using System.Threading.Channels;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Sandbox.Kite;
using BrokerConsole.Tests.Scheduling;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BrokerConsole.Tests.Scheduling.ScheduleTickets;

namespace BrokerConsole.Tests.Faults;

/// <summary>
/// Issue #18 §2 for schedule items: the database is locked while a scheduled order's accepted answer is in flight. The
/// run must not fail or leave the item at Sending: its outcome, the intent and the run's completion are written once the
/// lock is gone, and the order is at the broker once.
/// </summary>
public sealed class LockedDatabaseRunTests(SharedApp<SchedulesSandbox> app) : IClassFixture<SharedApp<SchedulesSandbox>>
{
    private static readonly TimeSpan _guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Scheduled_order_accepted_while_the_database_is_locked_is_recorded_placed_once_the_lock_is_gone()
    {
        var hold = app.Sandbox.Services.GetRequiredService<KiteControlState>().Hold;
        var recorder = app.Services.GetRequiredService<OrderOutcomeRecorder>();
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>();
        await using var user = await app.NewTraderAsync();
        var kite = await app.AddKiteAccountAsync(user, "Kite locked");
        var schedule = await user.Schedules.CreateAsync(new ScheduleDraft { Name = "Locked", AccountIds = [kite], Orders = [Kite(930m)], AutoExecute = true });
        var retries = Channel.CreateUnbounded<RecordingRetry>();
        var recorded = Channel.CreateUnbounded<string>();
        void OnRetrying(RecordingRetry retry) => retries.Writer.TryWrite(retry);
        void OnRecorded(string what) => recorded.Writer.TryWrite(what);
        recorder.Retrying += OnRetrying;
        recorder.Recorded += OnRecorded;
        await app.Sandbox.ControlAsync("hold", new { path_prefix = "/orders/regular" });
        try
        {
            app.Sandbox.NextSecond();
            var tick = app.Runner.TickAsync(TuesdayDue);
            await hold.WhenHeldAsync(1).WaitAsync(_guard);
            await using (var locker = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "brokerconsole.db")}"))
            {
                await locker.OpenAsync();
                await ExecuteAsync(locker, "BEGIN EXCLUSIVE");
                await app.Sandbox.ControlAsync("release", new { register = true });

                // The tick ends normally: nothing about a locked database reaches the run as an error.
                var summary = await tick.WaitAsync(_guard);
                Assert.Equal(1, summary.RunsExecuted);
                // Intent + audit, the item, the run's completion: each waits for its next attempt on the fake clock.
                var armed = new HashSet<string>();
                using var guard = new CancellationTokenSource(_guard);
                while (armed.Count < 3)
                {
                    armed.Add((await retries.Reader.ReadAsync(guard.Token)).What);
                }

                await ExecuteAsync(locker, "ROLLBACK");
            }

            app.Clock.Advance(TimeSpan.FromSeconds(31));
            using (var guard = new CancellationTokenSource(_guard))
            {
                for (var done = 0; done < 3; done++)
                {
                    await recorded.Reader.ReadAsync(guard.Token);
                }
            }

            Assert.Equal(0, recorder.Backlog);
            await using var db = await dbFactory.CreateDbContextAsync();
            var run = await db.ScheduleRuns.AsNoTracking().Include(r => r.Items).SingleAsync(r => r.ScheduleId == schedule.Id);
            Assert.Equal(ScheduleRunStatus.Completed, run.Status);
            var item = Assert.Single(run.Items);
            Assert.True(item.Status == ScheduleRunItemStatus.Placed, item.Message);
            Assert.NotNull(item.BrokerOrderId);
            var intent = await db.OrderIntents.AsNoTracking().SingleAsync(i => i.Tag == item.Tag);
            Assert.Equal((OrderIntentStatus.Placed, item.BrokerOrderId), (intent.Status, intent.BrokerOrderId));
            Assert.Single(await app.BookAsync(user, kite), o => o.Tag == item.Tag || o.Tags.Contains(item.Tag));
        }
        finally
        {
            recorder.Retrying -= OnRetrying;
            recorder.Recorded -= OnRecorded;
            await hold.Release(register: false, count: null);
            await user.Schedules.DeleteAsync(schedule.Id);
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
