namespace BrokerConsole.Core.Cluster;

/// <summary>
/// Whether this node runs the background work that must run once per database (session sweep, scheduler, morning
/// reminder, instrument refresh). On SQLite there is one node per database file, so it always leads; on PostgreSQL a
/// lease decides (<see cref="PostgresLease"/>), and leadership can come and go while the node runs.
/// </summary>
public interface ILeadership
{
    bool IsLeader { get; }

    /// <summary>
    /// Completes once this node leads. The term's <see cref="LeaderTerm.Lost"/> is cancelled the moment it stops leading,
    /// so work started for the term stops with it (see <see cref="LeaderOnly"/>).
    /// </summary>
    Task<LeaderTerm> WaitForLeadershipAsync(CancellationToken cancellationToken);

    /// <summary>Raised when this node starts or stops leading (after <see cref="IsLeader"/> changed).</summary>
    event Action<LeadershipChange>? Changed;
}

/// <summary>One uninterrupted stretch of leadership; <see cref="Lost"/> is cancelled when it ends.</summary>
public sealed record LeaderTerm(long Number, CancellationToken Lost);

/// <summary>This node started (<see cref="IsLeader"/> true) or stopped leading, and why.</summary>
public sealed record LeadershipChange(bool IsLeader, long Term, string Reason);

/// <summary>The one node of an SQLite database: always the leader, one endless term.</summary>
internal sealed class SingleNodeLeadership : ILeadership
{
    private static readonly Task<LeaderTerm> _forever = Task.FromResult(new LeaderTerm(1, CancellationToken.None));

    public bool IsLeader => true;

    // Never raised: the leadership of the only node never changes.
    public event Action<LeadershipChange>? Changed
    {
        add { }
        remove { }
    }

    public Task<LeaderTerm> WaitForLeadershipAsync(CancellationToken cancellationToken) => _forever;
}
