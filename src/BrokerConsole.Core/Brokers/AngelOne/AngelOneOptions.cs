using BrokerConsole.Core.Accounts;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Brokers.AngelOne;

/// <summary>Where and how the SmartAPI client talks to Angel One. Bound from <c>Brokers:AngelOne</c>.</summary>
public sealed class AngelOneOptions
{
    public const string SectionName = "Brokers:AngelOne";

    /// <summary>REST root for live accounts (the older apiconnect.angelbroking.com is the legacy host).</summary>
    public Uri ApiRoot { get; set; } = new("https://apiconnect.angelone.in");

    /// <summary>REST root for sandbox accounts, e.g. <c>http://127.0.0.1:5000/sandbox/angel</c>. Null: sandbox accounts cannot connect.</summary>
    public Uri? SandboxApiRoot { get; set; }

    /// <summary>Per-attempt time limit; when it passes the call fails with <see cref="UnavailableCause.Timeout"/>.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Extra attempts for idempotent reads after a transient failure or a throttle (0 disables retries).</summary>
    public int ReadRetryCount { get; set; } = 2;

    /// <summary>First retry delay when the broker named none; later ones grow exponentially, with jitter.</summary>
    public TimeSpan ReadRetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// The longest a call waits for the local rate limiter before failing with <see cref="RateLimitedException"/>.
    /// Longer than Kite's: several SmartAPI endpoints allow one call per second, so a short burst already queues.
    /// </summary>
    public TimeSpan RateLimitMaxWait { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>Sent as <c>X-ClientLocalIP</c> (mandatory header; SmartAPI does not enforce its value).</summary>
    public string ClientLocalIp { get; set; } = "127.0.0.1";

    /// <summary>Sent as <c>X-ClientPublicIP</c>; set it to the static IP registered on the SmartAPI app.</summary>
    public string ClientPublicIp { get; set; } = "127.0.0.1";

    /// <summary>Sent as <c>X-MACAddress</c> (mandatory header).</summary>
    public string MacAddress { get; set; } = "00-00-00-00-00-00";

    /// <summary>The API root for an environment.</summary>
    /// <exception cref="InvalidOperationException">Sandbox requested but not configured.</exception>
    public Uri ApiRootFor(AccountEnvironment environment) => environment == AccountEnvironment.Sandbox
        ? SandboxApiRoot ?? throw new InvalidOperationException($"Sandbox accounts need {SectionName}:{nameof(SandboxApiRoot)} to be configured.")
        : ApiRoot;
}

/// <summary>Checks <see cref="AngelOneOptions"/> at start-up.</summary>
internal sealed class AngelOneOptionsValidator : IValidateOptions<AngelOneOptions>
{
    public ValidateOptionsResult Validate(string? name, AngelOneOptions options)
    {
        var errors = new List<string>();
        foreach (var (key, value) in new[] { (nameof(options.ApiRoot), options.ApiRoot), (nameof(options.SandboxApiRoot), options.SandboxApiRoot) })
        {
            if (value is not null && (!value.IsAbsoluteUri || (value.Scheme != Uri.UriSchemeHttps && value.Scheme != Uri.UriSchemeHttp)))
            {
                errors.Add($"{AngelOneOptions.SectionName}:{key} must be an absolute http(s) URL.");
            }
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{AngelOneOptions.SectionName}:{nameof(options.RequestTimeout)} must be between 0 and 5 minutes.");
        }

        if (options.RateLimitMaxWait < TimeSpan.Zero)
        {
            errors.Add($"{AngelOneOptions.SectionName}:{nameof(options.RateLimitMaxWait)} cannot be negative.");
        }

        if (Http.BrokerReadRetry.Validate(AngelOneOptions.SectionName, options.ReadRetryCount, options.ReadRetryBaseDelay) is { } retry)
        {
            errors.Add(retry);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
