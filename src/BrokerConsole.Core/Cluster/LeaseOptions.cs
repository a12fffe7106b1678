using System.ComponentModel.DataAnnotations;

namespace BrokerConsole.Core.Cluster;

/// <summary><c>Cluster:Lease</c>: how often the PostgreSQL leader lease is checked (several nodes on one database).</summary>
public sealed class LeaseOptions
{
    public const string SectionName = "Cluster:Lease";

    /// <summary>The leader proves it still holds the lease this often; a follower tries to take it this often.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:10")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>A check that has no answer within this long counts as a lost lease.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:10")]
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// A node that took the lease waits this long before acting as leader: time enough for a previous leader that lost
    /// its connection (and so the lock) to notice at its next check and stop. Longer than one check plus its timeout.
    /// </summary>
    public TimeSpan TakeoverGrace => CheckInterval + CheckTimeout;
}
