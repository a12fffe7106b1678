using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BrokerConsole.Web.Api;

/// <summary>
/// What a script gets under <c>/api/v1</c> when no endpoint answers: problem details, never the sign-in page. Without
/// this, a path that matches nothing (or an id that fails its <c>:guid</c> constraint), a wrong method or a wrong
/// content type falls to the app's "signed-in user required" rule and answers 302 to <c>/account/login</c>; and an
/// error status the framework sets with no body (400 for unreadable JSON) reaches the script empty.
/// </summary>
internal static class ApiFallback
{
    // The collections whose second segment is an id: a malformed one is the caller's input error (400), not a missing route.
    private static readonly Dictionary<string, string> _idSegments = new(StringComparer.OrdinalIgnoreCase)
    {
        ["accounts"] = "an account id",
        ["schedules"] = "a schedule id",
    };

    /// <summary>
    /// Problem details for every bodiless error status under <c>/api/v1</c>, and the API's own answer where routing
    /// found none of its endpoints. Runs after routing and before authentication, so the app-wide "signed-in user"
    /// rule never sees these requests.
    /// </summary>
    public static IApplicationBuilder UseApiProblemStatusCodes(this IApplicationBuilder app)
    {
        app.UseWhen(ApiRegistration.IsApiRequest, branch => branch.UseStatusCodePages());
        return app.Use(async (context, next) =>
        {
            if (!ApiRegistration.IsApiRequest(context))
            {
                await next(context);
                return;
            }

            var endpoint = context.GetEndpoint();
            if (endpoint is null)
            {
                await Unmatched(context, context.Request.Path.Value?[ApiRegistration.Prefix.Length..].TrimStart('/')).ExecuteAsync(context);
            }
            else if (endpoint.Metadata.GetMetadata<IAuthorizeData>() is null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null
                && endpoint.RequestDelegate is { } frameworkAnswer)
            {
                // Routing's own 405 (wrong method) or 415 (wrong content type) endpoint: it only sets the status, which
                // the status-code step above turns into problem details; authorization would have made it a redirect.
                await frameworkAnswer(context);
            }
            else
            {
                await next(context);
            }
        });
    }

    internal static ProblemHttpResult Unmatched(HttpContext context, string? path)
    {
        var segments = (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length >= 2 && _idSegments.TryGetValue(segments[0], out var what) && !Guid.TryParse(segments[1], out _))
        {
            return ApiErrors.Problem(StatusCodes.Status400BadRequest, ApiProblems.Validation, "Malformed id",
                $"'{Shorten(segments[1])}' is not {what}: ids are GUIDs such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301.");
        }

        return ApiErrors.Problem(StatusCodes.Status404NotFound, ApiProblems.NotFound, "No such endpoint",
            $"Nothing answers {context.Request.Method} {ApiRegistration.Prefix}/{Shorten(path ?? "")}. The endpoints are listed at {ApiReference.PagePath}.");
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
