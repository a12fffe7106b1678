namespace BrokerConsole.Core.Sessions;

/// <summary>Bound from <c>Sessions</c>.</summary>
public sealed class SessionOptions
{
    public const string SectionName = "Sessions";

    /// <summary>How long a popup login may take from click to callback before its state is refused.</summary>
    public TimeSpan LoginAttemptLifetime { get; set; } = TimeSpan.FromMinutes(10);
}
