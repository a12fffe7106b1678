using System.Security.Claims;
using System.Threading.RateLimiting;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Errors;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Web.Api;

public static class ApiRegistration
{
    public const string Prefix = "/api/v1";
    public const string PolicyName = "api";

    /// <summary>API-key scheme, the per-key rate limit and problem details for <c>/api/v1</c>.</summary>
    public static IServiceCollection AddBrokerConsoleApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddProblemDetails();
        services.AddMemoryCache();
        services.AddEndpointsApiExplorer();
        services.AddApiReference();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(PolicyName, policy => policy
            // Only the key scheme: a browser's cookie never authenticates an API call, so there is no CSRF surface.
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser());

        services.AddRateLimiter(options =>
        {
            options.AddPolicy(PolicyName, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptionsMonitor<ApiOptions>>().CurrentValue.RequestsPerMinute;
                // Authorization ran first, so the user here is the key's principal; partition by key, not by user,
                // so one runaway script does not starve the same user's other keys.
                var keyId = context.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) ?? "anonymous";
                return RateLimitPartition.GetFixedWindowLimiter(keyId, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var http = rejected.HttpContext;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                if (!IsApiRequest(http))
                {
                    // The sign-in, registration and two-factor forms' per-address limit (Security/SignInRateLimits).
                    await Security.SignInRateLimits.RejectAsync(http, retryAfter, cancellationToken);
                    return;
                }

                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Type = ApiProblems.RateLimited,
                        Title = "Too many requests",
                        Detail = $"This API key is limited to {http.RequestServices.GetRequiredService<IOptionsMonitor<ApiOptions>>().CurrentValue.RequestsPerMinute} requests a minute. Retry after {Math.Ceiling(retryAfter.TotalSeconds)} s.",
                    },
                });
            };
        });
        return services;
    }

    public static bool IsApiRequest(HttpContext context) =>
        context.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Maps every <c>/api/v1</c> endpoint behind the key scheme and the rate limit.</summary>
    public static IEndpointRouteBuilder MapBrokerConsoleApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix)
            .RequireAuthorization(PolicyName)
            .RequireRateLimiting(PolicyName)
            .DisableAntiforgery()
            .AddEndpointFilter(BindCurrentUserAndMapErrors)
            .WithTags("BrokerConsole")
            // Any call can meet these: they come from the key scheme and the limiter, before the handler runs.
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapGet("/accounts", ListAccountsAsync).WithName("ListAccounts")
            .WithSummary("Every account of the key's owner with its session state; never a secret or the broker API key.");
        api.MapGet("/accounts/{accountId:guid}", GetAccountAsync).WithName("GetAccount")
            .WithSummary("One account with its session state.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapApiReference();
        ApiEndpoints.MapBroker(api);
        ApiEndpoints.MapPortfolio(api);
        ApiEndpoints.MapOrders(api);
        ApiEndpoints.MapSchedules(api);
        ScheduleEndpoints.Map(api);
        InstrumentEndpoints.Map(api);
        ExitEndpoints.Map(api);
        BasketEndpoints.Map(api);
        Exports.ExportEndpoints.MapApi(api);
        return app;
    }

    // The CurrentUser middleware ran before authorization, when the request's user was still the (absent)
    // cookie principal; here, after authorization, HttpContext.User is the API key's principal.
    private static async ValueTask<object?> BindCurrentUserAndMapErrors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        context.HttpContext.RequestServices.GetRequiredService<CurrentUser>().Set(context.HttpContext.User);
        try
        {
            return await next(context);
        }
        catch (BrokerConsoleException ex)
        {
            return ApiErrors.ToProblem(ex, context.HttpContext.Response);
        }
    }

    internal static ProblemHttpResult Problem(int status, string type, string title, string detail) =>
        ApiErrors.Problem(status, type, title, detail);

    private static async Task<Ok<IReadOnlyList<ApiAccount>>> ListAccountsAsync(IAccountService accounts, ISessionService sessions, CancellationToken cancellationToken)
    {
        var list = await accounts.ListAsync(cancellationToken);
        var views = await sessions.GetViewsAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ApiAccount>>([.. list.Select(a => ApiAccount.From(a, views.GetValueOrDefault(a.Id)))]);
    }

    private static async Task<Ok<ApiAccount>> GetAccountAsync(Guid accountId, IAccountService accounts, ISessionService sessions, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAsync(accountId, cancellationToken);
        var view = await sessions.GetViewAsync(accountId, cancellationToken);
        return TypedResults.Ok(ApiAccount.From(account, view));
    }
}
