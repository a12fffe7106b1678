using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace BrokerConsole.Web.Identity;

internal static class IdentityEndpoints
{
    /// <summary>Sign-out is a POST with an antiforgery token, so a link on another site cannot sign a user out.</summary>
    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/logout", async (
            HttpContext context,
            SignInManager<ApplicationUser> signInManager,
            IAuditTrail audit,
            [FromForm] string? returnUrl) =>
        {
            var userId = signInManager.UserManager.GetUserId(context.User);
            await signInManager.SignOutAsync();
            if (userId is not null)
            {
                await audit.RecordAsync(userId, AuditAction.SignedOut, "Signed out", cancellationToken: context.RequestAborted);
            }

            return TypedResults.LocalRedirect("~/account/login");
        });
        return endpoints;
    }
}
