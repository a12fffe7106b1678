using BrokerConsole.Core.Accounts;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Brokers.Zerodha;

/// <summary>Where and how the Kite client talks to Zerodha. Bound from <c>Brokers:Zerodha</c>.</summary>
public sealed class ZerodhaOptions
{
    public const string SectionName = "Brokers:Zerodha";

    /// <summary>REST API root for live accounts.</summary>
    public Uri ApiRoot { get; set; } = new("https://api.kite.trade");

    /// <summary>Browser login page for live accounts.</summary>
    public Uri LoginUrl { get; set; } = new("https://kite.zerodha.com/connect/login");

    /// <summary>REST API root for sandbox accounts, e.g. <c>http://127.0.0.1:5000/sandbox/kite</c>. Null: sandbox accounts cannot connect.</summary>
    public Uri? SandboxApiRoot { get; set; }

    /// <summary>Login page for sandbox accounts, e.g. <c>http://127.0.0.1:5000/sandbox/kite/connect/login</c>.</summary>
    public Uri? SandboxLoginUrl { get; set; }

    /// <summary>Per-attempt time limit; when it passes the call fails with <see cref="UnavailableCause.Timeout"/>.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Extra attempts for idempotent reads after a transient failure (0 disables retries).</summary>
    public int ReadRetryCount { get; set; } = 2;

    /// <summary>First retry delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan ReadRetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The longest a call waits for the local rate limiter before failing with <see cref="RateLimitedException"/>.</summary>
    public TimeSpan RateLimitMaxWait { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Kite's published limit for /quote, /quote/ohlc and /quote/ltp, per API key.</summary>
    public int QuoteRequestsPerSecond { get; set; } = 1;

    /// <summary>Kite's published limit for order placement, modification and cancellation.</summary>
    public int OrderRequestsPerSecond { get; set; } = 10;

    /// <summary>Kite's published limit for every other endpoint, per API key.</summary>
    public int OtherRequestsPerSecond { get; set; } = 10;

    /// <summary>Kite's cap on order requests (place, modify, cancel) per Zerodha user per calendar minute.</summary>
    public int OrderRequestsPerMinute { get; set; } = 400;

    /// <summary>Kite's cap on order placements per Zerodha user per IST day (rejected orders count too).</summary>
    public int OrdersPerDay { get; set; } = 5000;

    /// <summary>The API root for an environment.</summary>
    /// <exception cref="InvalidOperationException">Sandbox requested but not configured.</exception>
    public Uri ApiRootFor(AccountEnvironment environment) => environment == AccountEnvironment.Sandbox
        ? SandboxApiRoot ?? throw new InvalidOperationException($"Sandbox accounts need {SectionName}:{nameof(SandboxApiRoot)} to be configured.")
        : ApiRoot;

    /// <summary>The login page for an environment.</summary>
    /// <exception cref="InvalidOperationException">Sandbox requested but not configured.</exception>
    public Uri LoginUrlFor(AccountEnvironment environment) => environment == AccountEnvironment.Sandbox
        ? SandboxLoginUrl ?? throw new InvalidOperationException($"Sandbox accounts need {SectionName}:{nameof(SandboxLoginUrl)} to be configured.")
        : LoginUrl;
}

/// <summary>Checks <see cref="ZerodhaOptions"/> at start-up.</summary>
internal sealed class ZerodhaOptionsValidator : IValidateOptions<ZerodhaOptions>
{
    public ValidateOptionsResult Validate(string? name, ZerodhaOptions options)
    {
        var errors = new List<string>();
        CheckUrl(errors, nameof(options.ApiRoot), options.ApiRoot, required: true);
        CheckUrl(errors, nameof(options.LoginUrl), options.LoginUrl, required: true);
        CheckUrl(errors, nameof(options.SandboxApiRoot), options.SandboxApiRoot, required: false);
        CheckUrl(errors, nameof(options.SandboxLoginUrl), options.SandboxLoginUrl, required: false);
        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{ZerodhaOptions.SectionName}:{nameof(options.RequestTimeout)} must be between 0 and 5 minutes.");
        }

        if (options.ReadRetryCount is < 0 or > 5)
        {
            errors.Add($"{ZerodhaOptions.SectionName}:{nameof(options.ReadRetryCount)} must be 0 to 5.");
        }

        if (options.ReadRetryBaseDelay < TimeSpan.Zero || options.RateLimitMaxWait < TimeSpan.Zero)
        {
            errors.Add($"{ZerodhaOptions.SectionName}: delays cannot be negative.");
        }

        if (options.QuoteRequestsPerSecond < 1 || options.OrderRequestsPerSecond < 1 || options.OtherRequestsPerSecond < 1)
        {
            errors.Add($"{ZerodhaOptions.SectionName}: requests per second must be at least 1.");
        }

        if (options.OrderRequestsPerMinute < 1 || options.OrdersPerDay < 1)
        {
            errors.Add($"{ZerodhaOptions.SectionName}: {nameof(options.OrderRequestsPerMinute)} and {nameof(options.OrdersPerDay)} must be at least 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckUrl(List<string> errors, string name, Uri? value, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add($"{ZerodhaOptions.SectionName}:{name} is required.");
            }

            return;
        }

        if (!value.IsAbsoluteUri || (value.Scheme != Uri.UriSchemeHttps && value.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{ZerodhaOptions.SectionName}:{name} must be an absolute http(s) URL.");
        }
    }
}
