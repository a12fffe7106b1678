using System.ComponentModel.DataAnnotations;

namespace BrokerConsole.Core.Sessions.Monitoring;

/// <summary>Bound from <c>Sessions:Monitor</c>; validated at start.</summary>
public sealed class SessionMonitorOptions
{
    public const string SectionName = "Sessions:Monitor";

    /// <summary>Off only for tests and tools that drive sweeps themselves.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between sweeps.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many checks may run at once per broker endpoint (broker + live/sandbox); endpoints do not share slots.</summary>
    [Range(1, 256)]
    public int MaxParallelism { get; set; } = 8;

    /// <summary>The longest one check may take (including the wait for the client-side rate limiter).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
