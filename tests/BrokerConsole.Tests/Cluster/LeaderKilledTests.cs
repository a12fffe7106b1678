using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using BrokerConsole.Tests.TestSupport;
using Xunit.Abstractions;

namespace BrokerConsole.Tests.Cluster;

/// <summary>
/// Issue #19's "done when": two real node processes on one PostgreSQL database; the leader is killed with SIGKILL (no
/// shutdown runs: its lock connection is simply gone) and the other node leads within 30 s, as its /healthz reports.
/// Real processes keep real time, so this test waits on the wall clock by nature; every wait is bounded and polled.
/// <see cref="LeaderLeaseTests"/> covers the lease's rules on a fake clock.
/// </summary>
// In the two-node browser test's group: its two app processes start one group at a time, not on top of the browser groups.
[Collection(Browser.AccountsBrowserGroup.Name)]
public sealed class LeaderKilledTests(ITestOutputHelper output)
{
    private static readonly TimeSpan _takeoverGoal = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task When_the_leader_process_is_killed_the_other_node_leads_within_30_seconds()
    {
        var database = PostgresCluster.CreateDatabase();
        using var keyRing = new SharedKeyRing();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var nodes = new List<RunningApp>();
        try
        {
            // One after the other: the first node migrates the database and writes the key ring the second one reads.
            nodes.Add(await RunningApp.StartAsync(url => NodeEnvironment("node-1", database, url), keyRing.DataDirectory));
            nodes.Add(await RunningApp.StartAsync(url => NodeEnvironment("node-2", database, url), keyRing.DataDirectory));
            var leaders = await PollAsync(() => LeadersAsync(http, nodes), l => l.Count == 1, TimeSpan.FromSeconds(60));
            Assert.Single(leaders);
            var leader = leaders[0];
            var follower = nodes.Single(n => n != leader);
            Assert.Equal((follower == nodes[0] ? "node-1" : "node-2", false), await HealthAsync(http, follower));

            await leader.KillAsync();
            var clock = Stopwatch.StartNew();
            var (_, leads) = await PollAsync(() => HealthAsync(http, follower), h => h.Leader, _takeoverGoal + TimeSpan.FromSeconds(15));
            var takeover = clock.Elapsed;

            output.WriteLine($"Takeover after SIGKILL of the leader: {takeover.TotalSeconds:F1} s");
            Assert.True(leads, $"The surviving node did not lead within {_takeoverGoal.TotalSeconds + 15:0} s of the kill.");
            Assert.True(takeover < _takeoverGoal, $"The takeover took {takeover.TotalSeconds:F1} s; the goal is under {_takeoverGoal.TotalSeconds:0} s.");
        }
        finally
        {
            foreach (var node in nodes)
            {
                await File.WriteAllTextAsync(Path.Combine(RepoPaths.Artifacts, $"leader-killed-{node.BaseUrl.Port}.log"), node.Output);
                await node.DisposeAsync();
            }

            PostgresCluster.DropDatabase(database);
        }
    }

    private static IDictionary<string, string> NodeEnvironment(string name, string database, Uri url)
    {
        var environment = SandboxDemo.EnvironmentFor(url);
        environment["Node__Name"] = name;
        environment["Storage__Provider"] = "PostgreSQL";
        environment["ConnectionStrings__BrokerConsole"] = database;
        foreach (var (key, value) in SharedKeyRing.Environment)
        {
            environment[key] = value;
        }

        return environment;
    }

    private static async Task<List<RunningApp>> LeadersAsync(HttpClient http, List<RunningApp> nodes)
    {
        var leaders = new List<RunningApp>();
        foreach (var node in nodes)
        {
            if ((await HealthAsync(http, node)).Leader)
            {
                leaders.Add(node);
            }
        }

        return leaders;
    }

    private static async Task<(string Node, bool Leader)> HealthAsync(HttpClient http, RunningApp node)
    {
        using var response = await http.GetAsync(new Uri(node.BaseUrl, "healthz"));
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (health.GetProperty("node").GetString()!, health.GetProperty("leader").GetBoolean());
    }

    /// <summary>Reads until <paramref name="done"/> holds or <paramref name="guard"/> passes; returns the last reading.</summary>
    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan guard)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value) || clock.Elapsed > guard)
            {
                return value;
            }

            // A real process's lease runs on real time: read again shortly.
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}
