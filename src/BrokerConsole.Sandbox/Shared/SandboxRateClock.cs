namespace BrokerConsole.Sandbox.Shared;

/// <summary>
/// The clock the Angel, Fyers and Dhan sandboxes count their per-second rate windows on. Separate from the injected
/// business clock on purpose: tests freeze that one (TOTP, token lifetimes), which would keep a one-second window
/// closed for ever. It is the real clock unless a test registers a fake one, which it then advances to the next second
/// instead of sleeping.
/// </summary>
public sealed class SandboxRateClock(TimeProvider time)
{
    public static SandboxRateClock System { get; } = new(TimeProvider.System);

    public TimeProvider Time { get; } = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>The current Unix second: the fixed window every sandbox limiter counts in.</summary>
    public long Second => Time.GetUtcNow().ToUnixTimeSeconds();
}
