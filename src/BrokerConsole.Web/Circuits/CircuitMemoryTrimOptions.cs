namespace BrokerConsole.Web.Circuits;

/// <summary>When closed circuits' memory goes back to the operating system (section <c>Circuits</c>).</summary>
public sealed class CircuitMemoryTrimOptions
{
    public const string Section = "Circuits";

    /// <summary>How long after a circuit closes the trim runs: tabs tend to close in bursts, one trim serves them all.</summary>
    public TimeSpan MemoryTrimDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The least time between two trims: a full compacting collection is cheap here, but not free.</summary>
    public TimeSpan MemoryTrimMinInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Off turns the trim off; the GC then keeps freed memory committed for later allocations.</summary>
    public bool MemoryTrim { get; set; } = true;
}
