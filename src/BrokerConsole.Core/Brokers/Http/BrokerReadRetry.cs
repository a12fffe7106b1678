namespace BrokerConsole.Core.Brokers.Http;

/// <summary>
/// How a broker's reads are retried: <see cref="Count"/> more attempts after the first, exponential backoff with
/// jitter from <see cref="BaseDelay"/>, or the broker's own <c>Retry-After</c> when it sent one and it is at most
/// <see cref="MaxRetryAfter"/> (a longer one is the caller's answer, not a wait inside a page load).
/// </summary>
internal sealed record BrokerReadRetry(int Count, TimeSpan BaseDelay)
{
    public static BrokerReadRetry None { get; } = new(0, TimeSpan.Zero);

    /// <summary>The longest backoff between two attempts.</summary>
    public static TimeSpan MaxDelay { get; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest <c>Retry-After</c> the pipeline waits out itself.</summary>
    public static TimeSpan MaxRetryAfter { get; } = TimeSpan.FromSeconds(5);

    /// <summary>The configuration error for a broker's retry settings, or null when they are usable.</summary>
    public static string? Validate(string section, int count, TimeSpan baseDelay) =>
        count is < 0 or > 5 ? $"{section}:ReadRetryCount must be 0 to 5."
        : baseDelay < TimeSpan.Zero || baseDelay > MaxDelay ? $"{section}:ReadRetryBaseDelay must be between 0 and 5 seconds."
        : null;
}
