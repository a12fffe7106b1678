using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Web.Security;

/// <summary>Per-address limits against password guessing and key guessing (section <c>Identity:RateLimits</c>).</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Identity:RateLimits";

    /// <summary>Sign-in form posts per address per minute (Identity's lockout still locks an account after 5 failures).</summary>
    public int SignInPerMinute { get; set; } = 10;

    /// <summary>Registration form posts per address per minute.</summary>
    public int RegisterPerMinute { get; set; } = 5;

    /// <summary>Two-factor code posts per address per minute: a 6-digit code must not be guessable by volume.</summary>
    public int TwoFactorPerMinute { get; set; } = 10;

    /// <summary>API requests with an unknown or revoked key per address per minute; past it, 429 before any lookup.</summary>
    public int UnknownApiKeysPerMinute { get; set; } = 20;
}

/// <summary>
/// The sign-in, registration and two-factor form posts, limited per client address with ASP.NET Core's rate limiter
/// (a fixed one-minute window). The address is the one after the forwarded-headers step: behind a trusted proxy the
/// client's, not the proxy's. Pages themselves (GET) are not limited.
/// </summary>
internal static class SignInRateLimits
{
    private static readonly TimeSpan _window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddSignInRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName);
        services.AddSingleton<UnknownApiKeyGuard>();
        services.AddRateLimiter(options => options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var limits = context.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;
            if (!HttpMethods.IsPost(context.Request.Method) || Limit(context.Request.Path, limits) is not { } limit)
            {
                return RateLimitPartition.GetNoLimiter("");
            }

            var address = context.Connection.RemoteIpAddress?.ToString() ?? "no-address";
            return RateLimitPartition.GetFixedWindowLimiter($"{limit.Form}:{address}", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, limit.PerMinute),
                Window = _window,
                QueueLimit = 0,
            });
        }));
        return services;
    }

    private static (string Form, int PerMinute)? Limit(PathString path, RateLimitOptions limits) =>
        path.Value?.TrimEnd('/').ToUpperInvariant() switch
        {
            "/ACCOUNT/LOGIN" => ("sign-in", limits.SignInPerMinute),
            "/ACCOUNT/REGISTER" => ("register", limits.RegisterPerMinute),
            "/ACCOUNT/LOGIN-2FA" => ("two-factor", limits.TwoFactorPerMinute),
            _ => null,
        };

    /// <summary>The answer to a throttled form post: 429, Retry-After, and one plain sentence.</summary>
    public static async Task RejectAsync(HttpContext http, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync($"Too many attempts from your address. Try again in {seconds} s.", cancellationToken);
    }
}
