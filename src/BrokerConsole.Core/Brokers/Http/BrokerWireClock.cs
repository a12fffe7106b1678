namespace BrokerConsole.Core.Brokers.Http;

/// <summary>
/// The clock broker requests are paced (local rate limits), timed out (per attempt) and backed off (read retries) on.
/// Kept apart from the app's <see cref="TimeProvider"/> on purpose: tests freeze business time (session expiry, the
/// IST calendar) while requests must still flow, so pacing defaults to the real clock; a test that wants to see a
/// rate-limit wait or a retry delay without waiting for it registers its own fake here and advances it.
/// </summary>
public sealed class BrokerWireClock(TimeProvider time)
{
    /// <summary>The real clock: what the app runs on.</summary>
    public static BrokerWireClock System { get; } = new(TimeProvider.System);

    public TimeProvider Time { get; } = time ?? throw new ArgumentNullException(nameof(time));
}
