using BrokerConsole.Core.Events;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Tests.Components.Pages;
using BrokerConsole.Web.Components.Schedules;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BrokerConsole.Tests.Components.Schedules;

/// <summary>
/// Issue #18 §1: after a restart the run page said "took 13.9 s" counting the minutes the app was down. The header
/// and the runs list show the run's work duration instead.
/// </summary>
public sealed class ScheduleRunsPageTests : ConsoleComponentTest
{
    // 15:10:00 IST = 09:40:00 UTC.
    private static readonly DateTimeOffset _due = new(2026, 11, 24, 9, 40, 0, TimeSpan.Zero);

    [Fact]
    public void Header_and_list_of_a_resumed_run_show_how_long_it_worked_not_the_downtime()
    {
        // 3 s of work, 2 min 37 s down, 4 s of work after the resume: 2 min 44 s from start to finish, 7 s of work.
        var cut = new RunInterruption(_due.AddSeconds(3), _due.AddMinutes(2).AddSeconds(40), TimeSpan.FromSeconds(157), FoundInBook: 16, Resent: 0);
        var run = new ScheduleRunView(
            Guid.NewGuid(), Guid.NewGuid(), "Closing buys", new DateOnly(2026, 11, 24), _due, _due, _due.AddMinutes(2).AddSeconds(44),
            ScheduleRunStatus.Completed, null, Placed: 16, Rejected: 0, Skipped: 0, Failed: 0, Pending: 0, Items: [], Interruption: cut);
        Services.AddSingleton<IScheduleService>(new OneRunScheduleService(run));
        Services.AddSingleton(new UserEventHub<ScheduleRunProgress>(NullLogger<UserEventHub<ScheduleRunProgress>>.Instance));
        Services.AddSingleton<ICurrentUser>(new FakeCurrentUser());

        var page = Render<ScheduleRunsPage>(p => p.Add(x => x.RunId, run.Id));

        var times = Squeeze(page.Find("[data-testid=run-times]").TextContent);
        Assert.Contains("took 7.0 s", times, StringComparison.Ordinal);
        Assert.DoesNotContain("164.0 s", times, StringComparison.Ordinal);
        var row = Squeeze(page.Find("[data-testid=runs-grid] tbody tr").TextContent);
        Assert.Contains("7.0 s", row, StringComparison.Ordinal);
        Assert.DoesNotContain("164.0 s", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Basket_run_from_a_saved_basket_links_to_it_and_an_ad_hoc_one_says_ad_hoc()
    {
        var basketId = Guid.NewGuid();
        var saved = new ScheduleRunView(
            Guid.NewGuid(), null, "Morning longs", new DateOnly(2026, 11, 24), _due, _due, _due.AddSeconds(2),
            ScheduleRunStatus.Completed, null, Placed: 4, Rejected: 0, Skipped: 0, Failed: 0, Pending: 0, Items: [], Kind: RunKind.Basket, BasketId: basketId);
        Services.AddSingleton<IScheduleService>(new OneRunScheduleService(saved));
        Services.AddSingleton(new UserEventHub<ScheduleRunProgress>(NullLogger<UserEventHub<ScheduleRunProgress>>.Instance));
        Services.AddSingleton<ICurrentUser>(new FakeCurrentUser());

        var page = Render<ScheduleRunsPage>(p => p.Add(x => x.RunId, saved.Id));

        var detail = page.Find("[data-testid=run-detail] [data-testid=run-basket]");
        Assert.Contains("From saved basket Morning longs", Squeeze(detail.TextContent), StringComparison.Ordinal);
        Assert.Equal($"baskets?basket={basketId}", detail.QuerySelector("a")!.GetAttribute("href"));
        var row = page.Find("[data-testid=runs-grid] tbody tr");
        Assert.Equal($"baskets?basket={basketId}", row.QuerySelector("[data-testid=run-basket] a")!.GetAttribute("href"));
    }

    [Fact]
    public void Ad_hoc_basket_run_says_so_without_a_link()
    {
        var adHoc = new ScheduleRunView(
            Guid.NewGuid(), null, "Quick hedge", new DateOnly(2026, 11, 24), _due, _due, _due.AddSeconds(2),
            ScheduleRunStatus.Completed, null, Placed: 2, Rejected: 0, Skipped: 0, Failed: 0, Pending: 0, Items: [], Kind: RunKind.Basket);
        Services.AddSingleton<IScheduleService>(new OneRunScheduleService(adHoc));
        Services.AddSingleton(new UserEventHub<ScheduleRunProgress>(NullLogger<UserEventHub<ScheduleRunProgress>>.Instance));
        Services.AddSingleton<ICurrentUser>(new FakeCurrentUser());

        var page = Render<ScheduleRunsPage>(p => p.Add(x => x.RunId, adHoc.Id));

        var detail = page.Find("[data-testid=run-detail] [data-testid=run-basket]");
        Assert.Contains("Ad hoc", detail.TextContent, StringComparison.Ordinal);
        Assert.Null(detail.QuerySelector("a"));
        Assert.Contains("ad hoc", page.Find("[data-testid=runs-grid] tbody tr").TextContent, StringComparison.Ordinal);
    }

    private static string Squeeze(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>One run, in the list and in detail; nothing else is asked of it.</summary>
    private sealed class OneRunScheduleService(ScheduleRunView run) : IScheduleService
    {
        public Task<IReadOnlyList<ScheduleRunView>> ListRunsAsync(Guid? scheduleId = null, int take = 50, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<ScheduleRunView>>([run with { Items = [] }]);

        public Task<ScheduleRunView> GetRunAsync(Guid runId, CancellationToken cancellationToken = default) => Task.FromResult(run);

        public Task<IReadOnlyList<ScheduleView>> ListAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ScheduleView> GetAsync(Guid scheduleId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ScheduleView> CreateAsync(ScheduleDraft draft, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ScheduleView> UpdateAsync(Guid scheduleId, ScheduleDraft draft, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task DeleteAsync(Guid scheduleId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Guid> RunNowAsync(Guid scheduleId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
