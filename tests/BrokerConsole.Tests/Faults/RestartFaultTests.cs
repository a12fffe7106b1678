using System.Threading.Channels;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Sandbox.Kite;
using BrokerConsole.Tests.Scheduling;
using BrokerConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BrokerConsole.Tests.Scheduling.ScheduleTickets;

namespace BrokerConsole.Tests.Faults;

/// <summary>
/// Issue #18 §1: the app dies while a scheduled order's POST is in flight, and the broker (the Kite sandbox over real
/// loopback HTTP) registers that request only later. The death is the run's token cancelled while the request is held at
/// the broker: the client hangs up and nothing after the send is written, which is exactly the state kill -9 leaves
/// (item and intent at Sending, run Running). The restart is the next tick. The assertion is the broker's own count per tag.
/// </summary>
public sealed class RestartFaultTests(SharedApp<SchedulesSandbox> app) : IClassFixture<SharedApp<SchedulesSandbox>>
{
    // A guard against a hang, never a pause: every wait below is on a signal.
    private static readonly TimeSpan _guard = TimeSpan.FromSeconds(30);

    private KiteRequestHold Hold => app.Sandbox.Services.GetRequiredService<KiteControlState>().Hold;

    private IDbContextFactory<BrokerConsoleDbContext> Db => app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>();

    [Fact]
    public async Task Order_in_flight_at_the_crash_and_registered_late_is_found_after_the_restart_never_placed_twice()
    {
        var (user, schedule, runId, tags) = await CrashWithFirstOrderHeldAsync("Kite late register", 950m);
        try
        {
            var restart = await RestartUntilCheckingAsync(user, runId, tags[0]);

            // The broker registers the request the dead app sent, after the restarted run's first read of the book.
            await app.Sandbox.ControlAsync("release", new { register = true });
            Assert.Equal(1, await CountAtBrokerAsync(user, tags[0]));

            app.Clock.Advance(TimeSpan.FromSeconds(75));
            await restart.WaitAsync(_guard);

            var run = await user.Schedules.GetRunAsync(runId);
            Assert.Equal(ScheduleRunStatus.Completed, run.Status);
            Assert.All(run.Items, i => Assert.True(i.Status == ScheduleRunItemStatus.Placed, i.Message));
            Assert.Contains("after a restart", run.Items.Single(i => i.Tag == tags[0]).Message, StringComparison.Ordinal);
            foreach (var tag in tags)
            {
                Assert.Equal(1, await CountAtBrokerAsync(user, tag));
            }

            var cut = Assert.IsType<RunInterruption>(run.Interruption);
            Assert.Equal((1, 0), (cut.FoundInBook, cut.Resent));
            Assert.True(cut.ResumedAt >= cut.InterruptedAt);
            // The intent of the found order is completed, so the Orders page does not offer "Check again" forever.
            await using var db = await Db.CreateDbContextAsync();
            var intent = await db.OrderIntents.AsNoTracking().SingleAsync(i => i.Tag == tags[0]);
            Assert.Equal(OrderIntentStatus.Placed, intent.Status);
            Assert.Equal(run.Items.Single(i => i.Tag == tags[0]).BrokerOrderId, intent.BrokerOrderId);
        }
        finally
        {
            await Hold.Release(register: false, count: null);
            await user.Schedules.DeleteAsync(schedule);
            await user.DisposeAsync();
        }
    }

    [Fact]
    public async Task Order_in_flight_at_the_crash_that_never_arrives_is_resent_only_after_it_can_no_longer_arrive()
    {
        var (user, schedule, runId, tags) = await CrashWithFirstOrderHeldAsync("Kite dropped", 940m);
        try
        {
            var restart = await RestartUntilCheckingAsync(user, runId, tags[0]);
            await app.Sandbox.ControlAsync("release", new { register = false });

            // Not in the book, but the request could still arrive: nothing is sent yet, the run waits.
            Assert.Equal(0, await CountAtBrokerAsync(user, tags[0]));
            Assert.False(restart.IsCompleted);
            var live = await user.Schedules.GetRunAsync(runId);
            Assert.Equal(ScheduleRunStatus.Running, live.Status);
            Assert.Equal(1, live.Checking);
            Assert.StartsWith("Unknown, checking", live.Items.Single(i => i.Tag == tags[0]).Message, StringComparison.Ordinal);

            app.Clock.Advance(TimeSpan.FromSeconds(75));
            await restart.WaitAsync(_guard);

            var run = await user.Schedules.GetRunAsync(runId);
            Assert.All(run.Items, i => Assert.True(i.Status == ScheduleRunItemStatus.Placed, i.Message));
            foreach (var tag in tags)
            {
                Assert.Equal(1, await CountAtBrokerAsync(user, tag));
            }

            var cut = Assert.IsType<RunInterruption>(run.Interruption);
            Assert.Equal((0, 1), (cut.FoundInBook, cut.Resent));
        }
        finally
        {
            await Hold.Release(register: false, count: null);
            await user.Schedules.DeleteAsync(schedule);
            await user.DisposeAsync();
        }
    }

    /// <summary>
    /// A run of two orders on one account starts; the first POST is held at the broker; then the app "dies". Returns
    /// the run and the tags. The second order was never sent.
    /// </summary>
    private async Task<(Trader User, Guid Schedule, Guid RunId, string[] Tags)> CrashWithFirstOrderHeldAsync(string name, decimal price)
    {
        var user = await app.NewTraderAsync();
        var kite = await app.AddKiteAccountAsync(user, name);
        var schedule = await user.Schedules.CreateAsync(new ScheduleDraft
        {
            Name = name,
            AccountIds = [kite],
            Orders = [Kite(price), Kite(price + 1)],
            AutoExecute = true,
        });
        await app.Sandbox.ControlAsync("hold", new { path_prefix = "/orders/regular" });
        app.Sandbox.NextSecond();
        using var death = new CancellationTokenSource();
        var running = app.Runner.TickAsync(TuesdayDue, death.Token);
        await Hold.WhenHeldAsync(1).WaitAsync(_guard);
        await death.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        await using var db = await Db.CreateDbContextAsync();
        var run = await db.ScheduleRuns.AsNoTracking().Include(r => r.Items).SingleAsync(r => r.ScheduleId == schedule.Id);
        var items = run.Items.OrderBy(i => i.OrderIndex).ToList();
        // What kill -9 leaves behind: the run Running, the first item and its intent Sending, the second never started.
        Assert.Equal(ScheduleRunStatus.Running, run.Status);
        Assert.Equal([ScheduleRunItemStatus.Sending, ScheduleRunItemStatus.Pending], items.Select(i => i.Status));
        Assert.Equal(OrderIntentStatus.Sending, (await db.OrderIntents.AsNoTracking().SingleAsync(i => i.Tag == items[0].Tag)).Status);
        return (user, schedule.Id, run.Id, items.Select(i => i.Tag).ToArray());
    }

    /// <summary>The restart: the next tick resumes the run; returns once the in-flight item shows "unknown, checking" (its wait armed).</summary>
    private async Task<Task> RestartUntilCheckingAsync(Trader user, Guid runId, string tag)
    {
        var changes = Channel.CreateUnbounded<ScheduleRunProgress>();
        var notifier = app.Services.GetRequiredService<UserEventHub<ScheduleRunProgress>>();
        using var subscription = notifier.Subscribe(user.UserId, p =>
        {
            changes.Writer.TryWrite(p);
            return Task.CompletedTask;
        });
        var restart = app.Runner.TickAsync(TuesdayDue.AddMinutes(2));
        // A second POST held at the broker is the bug of issue #18: the item re-sent before it could no longer arrive.
        var resentEarly = Hold.WhenHeldAsync(2);
        using var guard = new CancellationTokenSource(_guard);
        while (true)
        {
            var next = changes.Reader.ReadAsync(guard.Token).AsTask();
            if (await Task.WhenAny(next, resentEarly) == resentEarly)
            {
                await app.Sandbox.ControlAsync("release", new { register = true });
                await restart.WaitAsync(_guard);
                // The broker's count per tag says it: 2, where 1 is the only right answer.
                Assert.Equal(1, await CountAtBrokerAsync(user, tag));
                Assert.Fail($"Tag {tag} was sent again while the first request could still arrive.");
            }

            var progress = await next;
            await using var db = await Db.CreateDbContextAsync();
            if (progress.RunId == runId
                && await db.ScheduleRunItems.AnyAsync(i => i.Tag == tag && i.Status == ScheduleRunItemStatus.Checking, guard.Token))
            {
                return restart;
            }
        }
    }

    private async Task<int> CountAtBrokerAsync(Trader user, string tag)
    {
        var kite = (await user.Accounts.ListAsync()).Single().Id;
        return (await app.BookAsync(user, kite)).Count(o => o.Tag == tag || o.Tags.Contains(tag));
    }
}
