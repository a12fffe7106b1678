using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Tests.TestSupport;
using static BrokerConsole.Tests.Scheduling.ScheduleTickets;

namespace BrokerConsole.Tests.Scheduling;

/// <summary>
/// Scheduling:WarmUpLead (30 s): a little before an auto-executed run the scheduler reads each live account's order book
/// through the client the run will use. Observable here by its side effect: a session the broker ended since the last
/// sweep is found then, so the run skips that account with the reason instead of sending an order into a dead session.
/// </summary>
public sealed class RunWarmUpTests(SharedApp<SchedulesSandbox> app) : IClassFixture<SharedApp<SchedulesSandbox>>
{
    private static readonly DateTimeOffset _due = TuesdayDue;

    private static ScheduleDraft Draft(Guid account, bool autoExecute = true) => new()
    {
        Name = "Warm closing buy",
        AccountIds = [account],
        Orders = [Kite(1004m)],
        AutoExecute = autoExecute,
    };

    [Fact]
    public async Task Within_the_lead_the_accounts_are_read_so_an_ended_session_is_skipped_with_its_reason_not_sent()
    {
        await using var user = await app.NewTraderAsync();
        var kite = await app.AddKiteAccountAsync(user, "Kite warm");
        var schedule = await user.Schedules.CreateAsync(Draft(kite));
        // The broker ends the session after the last sweep; nothing in the app knows yet.
        await app.Sandbox.ControlAsync("tokens/expire", new { access_token = await user.Sessions.RevealAccessTokenAsync(kite) });
        try
        {
            // Two minutes ahead: before the lead, nothing is read.
            await app.Runner.TickAsync(_due.AddMinutes(-2));
            Assert.Equal(SessionState.Active, (await user.Sessions.GetViewAsync(kite)).State);

            await app.Runner.TickAsync(_due.AddSeconds(-20));
            Assert.Equal(SessionState.Expired, (await user.Sessions.GetViewAsync(kite)).State);
            Assert.Empty(await user.Schedules.ListRunsAsync(schedule.Id));

            await app.Runner.TickAsync(_due);
            var run = await user.Schedules.GetRunAsync(Assert.Single(await user.Schedules.ListRunsAsync(schedule.Id)).Id);
            var item = Assert.Single(run.Items);
            Assert.Equal(ScheduleRunItemStatus.Skipped, item.Status);
            Assert.Contains("session has expired", item.Message, StringComparison.Ordinal);
        }
        finally
        {
            await user.Schedules.DeleteAsync(schedule.Id);
        }
    }

    [Fact]
    public async Task A_schedule_that_places_nothing_at_its_time_is_not_warmed()
    {
        await using var user = await app.NewTraderAsync();
        var kite = await app.AddKiteAccountAsync(user, "Kite record only");
        var schedule = await user.Schedules.CreateAsync(Draft(kite, autoExecute: false));
        await app.Sandbox.ControlAsync("tokens/expire", new { access_token = await user.Sessions.RevealAccessTokenAsync(kite) });
        try
        {
            await app.Runner.TickAsync(_due.AddSeconds(-20));
            Assert.Equal(SessionState.Active, (await user.Sessions.GetViewAsync(kite)).State);
        }
        finally
        {
            await user.Schedules.DeleteAsync(schedule.Id);
        }
    }

    [Fact]
    public async Task After_the_warning_the_scheduler_next_wakes_for_the_warm_up_then_for_the_run()
    {
        await using var user = await app.NewTraderAsync();
        var kite = await app.AddKiteAccountAsync(user, "Kite wake", connect: false, clientId: SchedulesSandbox.OfflineClientId());
        var schedule = await user.Schedules.CreateAsync(Draft(kite));
        try
        {
            Assert.Equal(_due.AddMinutes(-30), await app.Runner.NextWakeAsync(_due.AddMinutes(-45)));
            Assert.Equal(_due.AddSeconds(-30), await app.Runner.NextWakeAsync(_due.AddMinutes(-10)));
            Assert.Equal(_due, await app.Runner.NextWakeAsync(_due.AddSeconds(-30)));
        }
        finally
        {
            await user.Schedules.DeleteAsync(schedule.Id);
        }
    }
}
