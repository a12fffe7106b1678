using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Events;
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
            UserEventHub<SessionsEnded> sessionsEnded,
            IAuditTrail audit,
            RecentConfirmations recentConfirmations,
            [FromForm] string? returnUrl) =>
        {
            var user = await signInManager.UserManager.GetUserAsync(context.User);
            if (user is not null)
            {
                // A new stamp kills every cookie of this user, copies included, not only this browser's.
                await signInManager.UserManager.UpdateSecurityStampAsync(user);
            }

            await signInManager.SignOutAsync();
            if (user is not null)
            {
                recentConfirmations.Forget(user.Id);
                await sessionsEnded.PublishAsync(user.Id, new SessionsEnded("signed out"));
                await audit.RecordAsync(user.Id, AuditAction.SignedOut, "Signed out", cancellationToken: context.RequestAborted);
            }

            return TypedResults.LocalRedirect("~/account/login");
        });
        return endpoints;
    }
}
