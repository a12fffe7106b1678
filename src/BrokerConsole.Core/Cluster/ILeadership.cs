namespace BrokerConsole.Core.Cluster;

/// <summary>
/// Whether this node runs the background work that must run once per database (session sweep, scheduler, morning
/// reminder, retention). On SQLite there is one node per database file, so it always leads; a shared database
/// needs a lease, which replaces this registration.
/// </summary>
public interface ILeadership
{
    bool IsLeader { get; }
}

/// <summary>The one node of an SQLite database: always the leader.</summary>
internal sealed class SingleNodeLeadership : ILeadership
{
    public bool IsLeader => true;
}
