using BrokerConsole.Core.Cluster;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Cluster;

/// <summary>SQLite keeps one node per database file: it always leads, takes no lease and keeps run claims in process.</summary>
public sealed class SingleNodeLeadershipTests
{
    [Fact]
    public async Task Sqlite_keeps_the_single_node_leadership_and_in_process_run_claims()
    {
        await using var app = new TestApp();
        var leadership = app.Get<ILeadership>();
        Assert.IsType<SingleNodeLeadership>(leadership);
        Assert.True(leadership.IsLeader);
        var term = await leadership.WaitForLeadershipAsync(CancellationToken.None);
        Assert.False(term.Lost.CanBeCanceled);
        Assert.Null(app.Services.GetService<PostgresLease>());

        var ownership = app.Get<IRunOwnership>();
        Assert.IsType<InProcessRunOwnership>(ownership);
        var runId = Guid.NewGuid();
        var claim = await ownership.TryClaimAsync(runId, CancellationToken.None);
        Assert.NotNull(claim);
        Assert.Null(await ownership.TryClaimAsync(runId, CancellationToken.None));
        await claim.DisposeAsync();
        await using var again = await ownership.TryClaimAsync(runId, CancellationToken.None);
        Assert.NotNull(again);
    }
}
