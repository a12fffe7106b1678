using System.Security.Claims;
using System.Text.Encodings.Web;
using BrokerConsole.Core.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Web.Api;

/// <summary>
/// Authenticates <c>X-Api-Key</c>. The principal carries the key's owner as NameIdentifier, so every
/// Core service (which reads the owner from <see cref="Core.Identity.ICurrentUser"/>) works unchanged.
/// </summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IApiKeyAuthenticator authenticator,
    IProblemDetailsService problemDetails,
    Security.UnknownApiKeyGuard unknownKeys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string KeyIdClaim = "brokerconsole:api-key-id";
    private const string ExpiredAtItem = "brokerconsole:api-key-expired-at";
    private const string ThrottledItem = "brokerconsole:api-key-throttled";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return AuthenticateResult.NoResult();
        }

        // An address that keeps presenting unknown keys is guessing: 429 before any lookup.
        if (unknownKeys.Throttled(Context.Connection.RemoteIpAddress) is { } wait)
        {
            Context.Items[ThrottledItem] = wait;
            return AuthenticateResult.Fail("Too many unknown API keys from this address.");
        }

        ApiKeyOwner? owner;
        try
        {
            owner = await authenticator.AuthenticateAsync(values[0]!, Context.RequestAborted);
        }
        catch (ApiKeyExpiredException ex)
        {
            // Remembered for the challenge, which then says "expired" rather than "unknown".
            Context.Items[ExpiredAtItem] = ex.ExpiredAt;
            LogExpired(Logger, Context.Connection.RemoteIpAddress?.ToString());
            return AuthenticateResult.Fail("Expired API key.");
        }

        if (owner is null)
        {
            // Never the presented value: a key in a log is a leaked key. The guard logs the first of a minute and a summary.
            unknownKeys.Rejected(Context.Connection.RemoteIpAddress);
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, owner.OwnerId),
                new Claim(ClaimTypes.Name, owner.UserName ?? owner.OwnerId),
                new Claim(KeyIdClaim, owner.KeyId.ToString()),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[ThrottledItem] is TimeSpan wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await problemDetails.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = Context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Type = ApiProblems.RateLimited,
                    Title = "Too many unknown API keys",
                    Detail = $"Too many requests with an unknown or revoked API key came from your address. Retry after {seconds} s.",
                },
            });
            return;
        }

        var presented = Request.Headers.ContainsKey(HeaderName);
        var expiredAt = Context.Items[ExpiredAtItem] as DateTimeOffset?;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = HeaderName;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Type = ApiProblems.Unauthorized,
                Title = expiredAt is null ? "API key required" : "API key expired",
                Detail = expiredAt is { } expired
                    ? $"This API key expired on {Core.Time.IndianTime.Format(expired)} IST. Create a new one under Settings → API keys."
                    : presented
                        ? "The API key is unknown or has been revoked. Create a new one under Settings → API keys."
                        : $"Send your API key in the {HeaderName} header. Create one under Settings → API keys.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected an expired API key from {RemoteIp}")]
    private static partial void LogExpired(ILogger logger, string? remoteIp);
}
