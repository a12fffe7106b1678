namespace BrokerConsole.Core.Health;

/// <summary>
/// The one row the health check rewrites to prove the database still takes writes (a full disk or a read-only
/// file still answers reads). Holds nothing but the time of the last probe.
/// </summary>
public sealed class HealthProbe
{
    /// <summary>Always <see cref="SingleId"/>: the table never grows.</summary>
    public int Id { get; set; }

    public DateTimeOffset WrittenAt { get; set; }

    public const int SingleId = 1;
}
