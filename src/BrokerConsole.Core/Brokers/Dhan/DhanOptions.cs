using BrokerConsole.Core.Accounts;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Brokers.Dhan;

/// <summary>Where and how the DhanHQ v2 client talks to Dhan. Bound from <c>Brokers:Dhan</c>.</summary>
public sealed class DhanOptions
{
    public const string SectionName = "Brokers:Dhan";

    /// <summary>REST root for live accounts, including <c>/v2</c> (the un-versioned host is the legacy v1).</summary>
    public Uri ApiRoot { get; set; } = new("https://api.dhan.co/v2");

    /// <summary>REST root for sandbox accounts, e.g. <c>http://127.0.0.1:5000/sandbox/dhan/v2</c>.</summary>
    public Uri? SandboxApiRoot { get; set; }

    /// <summary>Auth host for live accounts: PIN + TOTP login and the API key consent (reference §1.2).</summary>
    public Uri AuthRoot { get; set; } = new("https://auth.dhan.co");

    /// <summary>Auth host for sandbox accounts, e.g. <c>http://127.0.0.1:5000/sandbox/dhan/auth</c>.</summary>
    public Uri? SandboxAuthRoot { get; set; }

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Extra attempts for idempotent reads after a transient failure or a throttle (0 disables retries).</summary>
    public int ReadRetryCount { get; set; } = 2;

    /// <summary>First retry delay when the broker named none; later ones grow exponentially, with jitter.</summary>
    public TimeSpan ReadRetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Longest wait for the local per-second limiter before a call fails as rate limited (nothing sent).</summary>
    public TimeSpan RateLimitMaxWait { get; set; } = TimeSpan.FromSeconds(3);

    /// <exception cref="InvalidOperationException">Sandbox requested but not configured.</exception>
    public Uri ApiRootFor(AccountEnvironment environment) => environment == AccountEnvironment.Sandbox
        ? SandboxApiRoot ?? throw new InvalidOperationException($"Sandbox accounts need {SectionName}:{nameof(SandboxApiRoot)} to be configured.")
        : ApiRoot;

    /// <exception cref="InvalidOperationException">Sandbox requested but not configured.</exception>
    public Uri AuthRootFor(AccountEnvironment environment) => environment == AccountEnvironment.Sandbox
        ? SandboxAuthRoot ?? throw new InvalidOperationException($"Sandbox accounts need {SectionName}:{nameof(SandboxAuthRoot)} to be configured.")
        : AuthRoot;
}

internal sealed class DhanOptionsValidator : IValidateOptions<DhanOptions>
{
    public ValidateOptionsResult Validate(string? name, DhanOptions options)
    {
        foreach (var value in new[] { options.ApiRoot, options.SandboxApiRoot, options.AuthRoot, options.SandboxAuthRoot })
        {
            if (value is not null && (!value.IsAbsoluteUri || (value.Scheme != Uri.UriSchemeHttps && value.Scheme != Uri.UriSchemeHttp)))
            {
                return ValidateOptionsResult.Fail($"{DhanOptions.SectionName} URLs must be absolute http(s) URLs.");
            }
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"{DhanOptions.SectionName}:{nameof(options.RequestTimeout)} must be positive.");
        }

        return Http.BrokerReadRetry.Validate(DhanOptions.SectionName, options.ReadRetryCount, options.ReadRetryBaseDelay) is { } retry
            ? ValidateOptionsResult.Fail(retry)
            : ValidateOptionsResult.Success;
    }
}
