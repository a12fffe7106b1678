using BrokerConsole.Core.Accounts;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Brokers.Fyers;

/// <summary>Where and how the Fyers API v3 client talks to Fyers. Bound from <c>Brokers:Fyers</c>.</summary>
public sealed class FyersOptions
{
    public const string SectionName = "Brokers:Fyers";

    /// <summary>Host root for live accounts; trading calls go to <c>/api/v3/…</c> and quotes to <c>/data/…</c> below it.</summary>
    public Uri ApiRoot { get; set; } = new("https://api-t1.fyers.in");

    /// <summary>Host root for sandbox accounts, e.g. <c>http://127.0.0.1:5000/sandbox/fyers</c>. Null: sandbox accounts cannot connect.</summary>
    public Uri? SandboxApiRoot { get; set; }

    /// <summary>Per-attempt time limit.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Extra attempts for idempotent reads after a transient failure or a throttle (0 disables retries).</summary>
    public int ReadRetryCount { get; set; } = 2;

    /// <summary>First retry delay when the broker named none; later ones grow exponentially, with jitter.</summary>
    public TimeSpan ReadRetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The longest a call waits for the local rate limiter (10/s per app, reference §2.9).</summary>
    public TimeSpan RateLimitMaxWait { get; set; } = TimeSpan.FromSeconds(3);

    /// <exception cref="InvalidOperationException">Sandbox requested but not configured.</exception>
    public Uri ApiRootFor(AccountEnvironment environment) => environment == AccountEnvironment.Sandbox
        ? SandboxApiRoot ?? throw new InvalidOperationException($"Sandbox accounts need {SectionName}:{nameof(SandboxApiRoot)} to be configured.")
        : ApiRoot;
}

internal sealed class FyersOptionsValidator : IValidateOptions<FyersOptions>
{
    public ValidateOptionsResult Validate(string? name, FyersOptions options)
    {
        var errors = new List<string>();
        foreach (var (key, value) in new[] { (nameof(options.ApiRoot), options.ApiRoot), (nameof(options.SandboxApiRoot), options.SandboxApiRoot) })
        {
            if (value is not null && (!value.IsAbsoluteUri || (value.Scheme != Uri.UriSchemeHttps && value.Scheme != Uri.UriSchemeHttp)))
            {
                errors.Add($"{FyersOptions.SectionName}:{key} must be an absolute http(s) URL.");
            }
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{FyersOptions.SectionName}:{nameof(options.RequestTimeout)} must be between 0 and 5 minutes.");
        }

        if (Http.BrokerReadRetry.Validate(FyersOptions.SectionName, options.ReadRetryCount, options.ReadRetryBaseDelay) is { } retry)
        {
            errors.Add(retry);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
