using BrokerConsole.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace BrokerConsole.Web.Identity;

/// <summary>
/// With <c>Identity:RequireTwoFactor</c> on, a signed-in user without a second factor gets only the enrolment page:
/// every page load goes there first. API calls (keys, not cookies), the account pages themselves, the circuit and
/// static files pass.
/// </summary>
internal sealed class RequireTwoFactorMiddleware(RequestDelegate next)
{
    public const string EnrolPath = "/account/two-factor";

    public async Task InvokeAsync(HttpContext context, UserManager<ApplicationUser> users)
    {
        if (IsPageLoad(context) && context.User.Identity?.IsAuthenticated == true
            && context.User.Identity.AuthenticationType == IdentityConstants.ApplicationScheme
            && await users.GetUserAsync(context.User) is { } user && !await users.GetTwoFactorEnabledAsync(user))
        {
            context.Response.Redirect(EnrolPath);
            return;
        }

        await next(context);
    }

    private static bool IsPageLoad(HttpContext context)
    {
        var path = context.Request.Path;
        return HttpMethods.IsGet(context.Request.Method)
            && !path.StartsWithSegments("/account", StringComparison.OrdinalIgnoreCase)
            && !path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && !path.StartsWithSegments("/_blazor", StringComparison.OrdinalIgnoreCase)
            && !path.StartsWithSegments("/_framework", StringComparison.OrdinalIgnoreCase)
            && !path.StartsWithSegments("/_content", StringComparison.OrdinalIgnoreCase)
            && !path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase)
            && !Path.HasExtension(path.Value);
    }
}
