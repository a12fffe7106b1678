namespace BrokerConsole.Core.Cluster;

/// <summary><c>Node</c>: this process's name among the nodes serving one database (logs, <c>/healthz</c>).</summary>
public sealed class NodeOptions
{
    public const string SectionName = "Node";

    /// <summary><c>Node:Name</c>; the host name when unset, which is unique per machine.</summary>
    public string? Name { get; set; }

    public string EffectiveName => string.IsNullOrWhiteSpace(Name) ? Environment.MachineName : Name.Trim();
}
