using BrokerConsole.Core.Scheduling;
using BrokerConsole.Web.Components.Schedules;
using Bunit;

namespace BrokerConsole.Tests.Components.Schedules;

/// <summary>The run page's interruption note: what a restart did to a run, said at run level, without counting the downtime.</summary>
public sealed class RunInterruptionNoteTests : ConsoleComponentTest
{
    // 15:10:00 IST = 09:40:00 UTC.
    private static readonly DateTimeOffset _due = new(2026, 11, 24, 9, 40, 0, TimeSpan.Zero);

    private static ScheduleRunView Run(RunInterruption? interruption, DateTimeOffset? completedAt, int checking = 0) => new(
        Guid.NewGuid(), Guid.NewGuid(), "Closing buys", new DateOnly(2026, 11, 24), _due, _due, completedAt,
        completedAt is null ? ScheduleRunStatus.Running : ScheduleRunStatus.Completed, null,
        Placed: 16, Rejected: 0, Skipped: 0, Failed: 0, Pending: checking, Items: [], Manual: false, Interruption: interruption, Checking: checking);

    private IRenderedComponent<RunInterruptionNote> RenderNote(ScheduleRunView run) =>
        Render<RunInterruptionNote>(p => p.Add(n => n.Run, run));

    [Fact]
    public void Resumed_run_says_when_it_was_cut_off_what_the_book_had_and_its_duration_without_the_downtime()
    {
        var cut = new RunInterruption(_due.AddSeconds(3), _due.AddMinutes(2).AddSeconds(40), TimeSpan.FromSeconds(157), FoundInBook: 16, Resent: 0);
        // 3 s before the cut, 2 min 37 s down, 4 s after the resume.
        var document = RenderNote(Run(cut, _due.AddMinutes(2).AddSeconds(44)));

        var note = document.Find("[data-testid=run-interruption]").TextContent;
        var text = string.Join(' ', note.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Interrupted at 15:10:03, resumed at 15:12:40 (16 orders found in the book, 0 re-sent).", text, StringComparison.Ordinal);
        Assert.Contains("The run itself took 7.0 s; the 2 min 37 s the app was down is not counted.", text, StringComparison.Ordinal);
        Assert.Empty(document.FindAll("[data-testid=run-checking]"));
    }

    [Fact]
    public void Run_with_items_being_checked_says_so_live_and_an_uninterrupted_run_shows_nothing()
    {
        var checking = RenderNote(Run(new RunInterruption(_due, _due.AddMinutes(1), TimeSpan.FromMinutes(1), 0, 0), null, checking: 2));
        Assert.Contains("2 orders unknown, checking", checking.Find("[data-testid=run-checking]").TextContent, StringComparison.Ordinal);
        Assert.Empty(checking.FindAll("[data-testid=run-work-duration]"));

        var plain = RenderNote(Run(null, _due.AddSeconds(5)));
        Assert.Empty(plain.FindAll("[data-testid=run-interruption]"));
        Assert.Empty(plain.FindAll("[data-testid=run-checking]"));
    }
}
