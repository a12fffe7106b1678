namespace BrokerConsole.Core.ApiKeys;

/// <summary>
/// How long a new API key may live. A key that never expires is allowed (a long-running desk script) but is the
/// owner's explicit choice with a warning, because a forgotten key in an old script acts as them forever.
/// </summary>
public static class ApiKeyLifetimes
{
    public static readonly TimeSpan Default = TimeSpan.FromDays(90);

    public static readonly TimeSpan Shortest = TimeSpan.FromDays(1);

    public static readonly TimeSpan Longest = TimeSpan.FromDays(366);

    /// <summary>The choices the settings page offers, in days; null is "never".</summary>
    public static IReadOnlyList<int?> ChoicesInDays { get; } = [7, 30, 90, 180, 365, null];
}
