using BrokerConsole.Core.Scheduling;
using BrokerConsole.Tests.TestSupport;
using static BrokerConsole.Tests.Scheduling.ScheduleTickets;

namespace BrokerConsole.Tests.Scheduling;

/// <summary>An order the console itself refused over a cap is "not sent", never the broker's rejection.</summary>
public sealed class ScheduledRunCapTests(SharedApp<DailyCapSchedules> app) : IClassFixture<SharedApp<DailyCapSchedules>>
{
    [Fact]
    public async Task Order_over_the_local_daily_cap_is_recorded_as_not_sent_not_as_rejected()
    {
        await using var user = await app.NewTraderAsync();
        var kite = await app.AddKiteAccountAsync(user, "Kite capped");
        var schedule = await user.Schedules.CreateAsync(new ScheduleDraft
        {
            Name = "Two buys",
            AccountIds = [kite],
            Orders = [Kite(1000m), Kite(1001m)],
            AutoExecute = true,
        });
        try
        {
            await app.Runner.TickAsync(TuesdayDue);

            var run = await user.Schedules.GetRunAsync((await user.Schedules.ListRunsAsync(schedule.Id)).Single().Id);
            Assert.Equal(ScheduleRunStatus.Completed, run.Status);
            Assert.Single(run.Items, i => i.Status == ScheduleRunItemStatus.Placed);
            var refused = Assert.Single(run.Items, i => i.Status != ScheduleRunItemStatus.Placed);
            Assert.Equal(ScheduleRunItemStatus.Failed, refused.Status);
            Assert.StartsWith("Not sent.", refused.Message, StringComparison.Ordinal);
            Assert.Contains("1 orders a day", refused.Message, StringComparison.Ordinal);
            Assert.Null(refused.BrokerOrderId);

            // The broker's book holds exactly the one order that was sent.
            var book = await app.BookAsync(user, kite);
            Assert.Single(book, o => run.Items.Any(i => i.Tag == o.Tag || o.Tags.Contains(i.Tag)));
        }
        finally
        {
            await user.Schedules.DeleteAsync(schedule.Id);
        }
    }
}
