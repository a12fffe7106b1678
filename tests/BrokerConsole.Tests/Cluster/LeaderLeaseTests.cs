using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using BrokerConsole.Core.Cluster;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Tests.Scheduling;
using BrokerConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Tests.Cluster;

/// <summary>
/// The PostgreSQL leader lease with two real nodes on one database: one leads, only it does the once-per-database work,
/// a stopped leader is replaced within 30 s by a node that resumes its interrupted run, a leader whose lock connection is
/// killed stops leading before anyone else starts, and a run executing on one node is never resumed by another.
/// </summary>
public sealed class LeaderLeaseTests
{
    private static readonly TimeSpan _takeoverLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Exactly_one_of_two_nodes_leads_and_healthz_says_so_on_both()
    {
        await using var nodes = await LeaseNodes.StartAsync();
        var a = LeaseNodes.Leadership(nodes.A);
        var b = LeaseNodes.Leadership(nodes.B);

        await nodes.AdvanceUntilAsync(() => a.IsLeader || b.IsLeader);
        Assert.True(a.IsLeader ^ b.IsLeader);
        // A minute of checks later the same node still leads, and only it.
        var leaderIsA = a.IsLeader;
        var moved = TimeSpan.Zero;
        await nodes.AdvanceUntilAsync(() => (moved += LeaseNodes.Step) > TimeSpan.FromMinutes(1) || a.IsLeader != leaderIsA || b.IsLeader == leaderIsA);
        Assert.Equal(leaderIsA, a.IsLeader);
        Assert.Equal(!leaderIsA, b.IsLeader);

        var healthA = await HealthAsync(nodes.A);
        var healthB = await HealthAsync(nodes.B);
        Assert.Equal(("node-a", leaderIsA), healthA);
        Assert.Equal(("node-b", !leaderIsA), healthB);
    }

    [Fact]
    public async Task Only_the_leader_sweeps_and_ticks_the_scheduler_and_the_follower_never_does()
    {
        await using var nodes = await LeaseNodes.StartAsync(f => f
            .WithSetting("Sessions:Monitor:Enabled", "true")
            .WithSetting("Sessions:Monitor:Interval", "00:01:00")
            .WithSetting("Scheduling:Enabled", "true"));
        var sweepsA = nodes.A.Get<SweepSpy>();
        var sweepsB = nodes.B.Get<SweepSpy>();
        var firstSweep = Task.WhenAny(sweepsA.NextSweep, sweepsB.NextSweep);
        var firstTick = Task.WhenAny(nodes.A.Get<TickSpy>().NextTick, nodes.B.Get<TickSpy>().NextTick);

        await nodes.AdvanceUntilAsync(() => LeaseNodes.Leadership(nodes.A).IsLeader || LeaseNodes.Leadership(nodes.B).IsLeader);
        var (leader, follower) = LeaseNodes.Leadership(nodes.A).IsLeader ? (nodes.A, nodes.B) : (nodes.B, nodes.A);
        // A new leader sweeps and ticks at once, then every interval; three intervals on, the follower has done neither.
        await Task.WhenAll(firstSweep, firstTick).WaitAsync(TimeSpan.FromSeconds(30));
        for (var interval = 0; interval < 3; interval++)
        {
            var next = leader.Get<SweepSpy>().NextSweep;
            var moved = TimeSpan.Zero;
            await nodes.AdvanceUntilAsync(() => (moved += LeaseNodes.Step) > TimeSpan.FromMinutes(1));
            await next.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.True(leader.Get<SweepSpy>().Sweeps >= 4, $"The leader swept {leader.Get<SweepSpy>().Sweeps} times.");
        Assert.True(leader.Get<TickSpy>().Ticks >= 1);
        Assert.Equal(0, follower.Get<SweepSpy>().Sweeps);
        Assert.Equal(0, follower.Get<TickSpy>().Ticks);
    }

    [Fact]
    public async Task A_stopped_leader_is_replaced_within_30_s_and_its_interrupted_run_is_resumed_with_each_order_placed_once()
    {
        await using var nodes = await LeaseNodes.StartAsync(f => f.WithSetting("Scheduling:Enabled", "true"));
        await nodes.AdvanceUntilAsync(() => LeaseNodes.Leadership(nodes.A).IsLeader || LeaseNodes.Leadership(nodes.B).IsLeader);
        var (leader, successor) = LeaseNodes.Leadership(nodes.A).IsLeader ? (nodes.A, nodes.B) : (nodes.B, nodes.A);

        // The leader ran the 15:10 run and was cut off before recording its two orders: Running, both items Sending.
        await using var user = await successor.NewTraderAsync();
        var kite = await nodes.Sandbox.AddKiteAccountAsync(user, "Kite takeover");
        var schedule = await user.Schedules.CreateAsync(new ScheduleDraft
        {
            Name = "Closing buys",
            AccountIds = [kite],
            Orders = [ScheduleTickets.Kite(1001m), ScheduleTickets.Kite(1002m)],
            AutoExecute = true,
        });
        await leader.Get<IScheduleRunner>().TickAsync(ScheduleTickets.TuesdayDue);
        Guid runId;
        await using (var db = await DbAsync(nodes.A))
        {
            runId = (await db.ScheduleRuns.SingleAsync(r => r.ScheduleId == schedule.Id)).Id;
            await db.ScheduleRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ScheduleRunStatus.Running));
            await db.ScheduleRunItems.Where(i => i.RunId == runId).ExecuteUpdateAsync(u => u
                .SetProperty(i => i.Status, ScheduleRunItemStatus.Sending).SetProperty(i => i.BrokerOrderId, (string?)null));
        }

        // Each "Completed" of this run wakes the check below. The leader's own tick also said "Completed" a moment ago, and on
        // PostgreSQL that event crosses to the successor over LISTEN/NOTIFY, possibly only now: the database decides.
        using var completions = new SemaphoreSlim(0);
        using var progress = successor.Get<UserEventHub<ScheduleRunProgress>>().Subscribe(user.UserId, p =>
        {
            if (p.RunId == runId && p.Status == ScheduleRunStatus.Completed)
            {
                completions.Release();
            }

            return Task.CompletedTask;
        });

        var watch = Stopwatch.StartNew();
        await nodes.StopAsync(leader);
        var onTheClock = await nodes.AdvanceUntilAsync(() => LeaseNodes.Leadership(successor).IsLeader, _takeoverLimit);
        watch.Stop();
        Assert.True(onTheClock < _takeoverLimit, $"Takeover took {onTheClock} on the clock.");
        Assert.True(watch.Elapsed < _takeoverLimit, $"Takeover took {watch.Elapsed}.");

        // The new leader's first tick resumes the run as a restart would: both orders found by tag, none sent again.
        await using var check = await DbAsync(successor);
        ScheduleRun run;
        do
        {
            Assert.True(await completions.WaitAsync(TimeSpan.FromSeconds(60)), "The resumed run never completed.");
            run = await check.ScheduleRuns.AsNoTracking().Include(r => r.Items).SingleAsync(r => r.Id == runId);
        }
        while (run.Status != ScheduleRunStatus.Completed);

        Assert.Equal(ScheduleRunStatus.Completed, run.Status);
        Assert.NotNull(run.ResumedAt);
        Assert.All(run.Items, i => Assert.Equal(ScheduleRunItemStatus.Placed, i.Status));
        nodes.Sandbox.NextSecond();
        var book = await user.Sessions.CallBrokerAsync(kite, (client, ct) => client.GetOrdersAsync(ct));
        Assert.Equal(2, book.Count);
        Assert.All(run.Items, i => Assert.Single(book, o => o.Tag == i.Tag || o.Tags.Contains(i.Tag)));
    }

    [Fact]
    public async Task A_leader_whose_lock_connection_is_killed_stops_leading_before_another_node_starts()
    {
        await using var nodes = await LeaseNodes.StartAsync();
        var changes = new List<(string Node, LeadershipChange Change)>();
        LeaseNodes.Leadership(nodes.A).Changed += c => { lock (changes) { changes.Add(("node-a", c)); } };
        LeaseNodes.Leadership(nodes.B).Changed += c => { lock (changes) { changes.Add(("node-b", c)); } };
        await nodes.AdvanceUntilAsync(() => LeaseNodes.Leadership(nodes.A).IsLeader || LeaseNodes.Leadership(nodes.B).IsLeader);
        var (leader, name, other) = LeaseNodes.Leadership(nodes.A).IsLeader ? (nodes.A, "node-a", nodes.B) : (nodes.B, "node-b", nodes.A);
        var term = await LeaseNodes.Leadership(leader).WaitForLeadershipAsync(CancellationToken.None);

        await nodes.KillLeaseConnectionAsync(leader, name);
        await nodes.AdvanceUntilAsync(() => !LeaseNodes.Leadership(leader).IsLeader);
        Assert.True(term.Lost.IsCancellationRequested, "The lost term's leader-only work was not cancelled.");

        // Someone leads again (either node), and no new term began before the old leader had stopped.
        await nodes.AdvanceUntilAsync(() => LeaseNodes.Leadership(leader).IsLeader || LeaseNodes.Leadership(other).IsLeader);
        Assert.True(LeaseNodes.Leadership(leader).IsLeader ^ LeaseNodes.Leadership(other).IsLeader);
        List<(string Node, LeadershipChange Change)> seen;
        lock (changes)
        {
            seen = [.. changes];
        }

        var lost = seen.FindIndex(c => c.Node == name && !c.Change.IsLeader);
        var next = seen.FindIndex(lost + 1, c => c.Change.IsLeader);
        Assert.True(lost >= 0 && next > lost, string.Join(", ", seen.Select(c => $"{c.Node} {c.Change}")));
        Assert.Single(seen.Take(next), c => c.Change.IsLeader);
    }

    [Fact]
    public async Task A_run_executing_on_one_node_is_not_resumed_by_the_other_until_its_executor_is_gone()
    {
        await using var nodes = await LeaseNodes.StartAsync();
        await using var user = await nodes.A.NewTraderAsync();
        var kite = await nodes.Sandbox.AddKiteAccountAsync(user, "Kite live run");
        var schedule = await user.Schedules.CreateAsync(new ScheduleDraft
        {
            Name = "Live on B",
            AccountIds = [kite],
            Orders = [ScheduleTickets.Kite(1003m)],
            AutoExecute = true,
        });
        await nodes.A.Get<IScheduleRunner>().TickAsync(ScheduleTickets.TuesdayDue);
        Guid runId;
        await using (var db = await DbAsync(nodes.A))
        {
            runId = (await db.ScheduleRuns.SingleAsync(r => r.ScheduleId == schedule.Id)).Id;
            await db.ScheduleRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ScheduleRunStatus.Running));
            await db.ScheduleRunItems.Where(i => i.RunId == runId).ExecuteUpdateAsync(u => u.SetProperty(i => i.Status, ScheduleRunItemStatus.Sending));
        }

        // Node B is executing it (it holds the run's claim): node A's tick leaves it alone, counts and all.
        var later = ScheduleTickets.TuesdayDue.AddMinutes(2);
        var claim = await nodes.B.Get<IRunOwnership>().TryClaimAsync(runId, CancellationToken.None);
        Assert.NotNull(claim);
        var whileLive = await nodes.A.Get<IScheduleRunner>().TickAsync(later);
        Assert.Equal(0, whileLive.RunsResumed);
        await using (var db = await DbAsync(nodes.A))
        {
            var run = await db.ScheduleRuns.AsNoTracking().Include(r => r.Items).SingleAsync(r => r.Id == runId);
            Assert.Equal(ScheduleRunStatus.Running, run.Status);
            Assert.Null(run.ResumedAt);
            Assert.All(run.Items, i => Assert.Equal(ScheduleRunItemStatus.Sending, i.Status));
        }

        // B's executor ends (its session goes with it): now the run is interrupted, and A resumes it.
        await claim.DisposeAsync();
        var afterwards = await nodes.A.Get<IScheduleRunner>().TickAsync(later);
        Assert.Equal(1, afterwards.RunsResumed);
        await using var check = await DbAsync(nodes.A);
        Assert.Equal(ScheduleRunStatus.Completed, (await check.ScheduleRuns.AsNoTracking().SingleAsync(r => r.Id == runId)).Status);
    }

    private static async Task<BrokerConsoleDbContext> DbAsync(TestApp node) =>
        await node.Get<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync();

    private static async Task<(string Node, bool Leader)> HealthAsync(TestApp node)
    {
        using var client = node.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz").From("127.0.0.1");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("node").GetString()!, body.GetProperty("leader").GetBoolean());
    }
}
