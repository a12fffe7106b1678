using System.Security.Claims;
using System.Security.Cryptography;
using BrokerConsole.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Web.Identity;

/// <summary>
/// Gives every sign-in its own random id in the auth cookie, so a re-authentication counts for the browser that
/// made it and not for the same user's other sign-ins (another browser, or one an attacker made with a guessed password).
/// </summary>
internal static class SignInSessions
{
    public const string ClaimType = "brokerconsole:sid";

    /// <summary>The sign-in's id, or null for a principal without one (an API key, a cookie from before this claim).</summary>
    public static string? IdOf(ClaimsPrincipal? principal) => principal?.FindFirstValue(ClaimType);

    /// <summary>
    /// The stamp check rebuilds the principal on every request; without this the rebuilt cookie would carry a fresh
    /// id and lose the grace window the user just earned.
    /// </summary>
    public static Task KeepSessionId(SecurityStampRefreshingPrincipalContext context)
    {
        if (IdOf(context.CurrentPrincipal) is { } id && context.NewPrincipal?.Identity is ClaimsIdentity identity)
        {
            foreach (var fresh in identity.FindAll(ClaimType).ToList())
            {
                identity.RemoveClaim(fresh);
            }

            identity.AddClaim(new Claim(ClaimType, id));
        }

        return Task.CompletedTask;
    }
}

/// <summary>Adds the sign-in id to every principal Identity builds for a sign-in.</summary>
internal sealed class SessionClaimsPrincipalFactory(UserManager<ApplicationUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(SignInSessions.ClaimType, WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16))));
        return identity;
    }
}
