using System.Security.Claims;
using BrokerConsole.Core.Sessions.MorningLogin;

namespace BrokerConsole.Web.Components.LoginAll;

/// <summary>
/// Closing the "Log in all" tab gives its pass back at once: the page's script sends a beacon on pagehide.
/// Without it the lease lived until the server dropped the disconnected circuit (minutes), and a new tab said a
/// pass was running in a tab that no longer existed. Only the signed-in user's own tab id can be released.
/// </summary>
internal static class LoginPassRelease
{
    public const string Path = "/accounts/login-all/release";

    public static IEndpointRouteBuilder MapLoginPassRelease(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, async (HttpContext context, LoginPassLease lease) =>
        {
            var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
            using var reader = new StreamReader(context.Request.Body);
            var tabId = (await reader.ReadToEndAsync(context.RequestAborted)).Trim();
            if (userId is null || tabId.Length is 0 or > 64)
            {
                return Results.BadRequest();
            }

            lease.Release(userId, tabId);
            return Results.NoContent();
        }).RequireAuthorization().DisableAntiforgery();
        return endpoints;
    }
}
