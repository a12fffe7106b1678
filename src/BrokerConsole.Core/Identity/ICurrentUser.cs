using System.Security.Claims;

namespace BrokerConsole.Core.Identity;

/// <summary>
/// The signed-in user on whose behalf a service acts. Services read the owner from here rather than
/// taking it as a parameter, so no caller can ask for another user's data by passing a different id.
/// </summary>
public interface ICurrentUser
{
    /// <summary>The Identity user id, or null when nobody is signed in.</summary>
    string? UserId { get; }

    /// <summary>A short name for display and audit entries (the user name).</summary>
    string? UserName { get; }

    /// <exception cref="UnauthorizedAccessException">Nobody is signed in.</exception>
    string RequireUserId() => UserId ?? throw new UnauthorizedAccessException("Sign in to continue.");
}

/// <summary>
/// Scoped holder set once per request (middleware) or per circuit (circuit handler), and by tests.
/// </summary>
public sealed class CurrentUser : ICurrentUser
{
    private ClaimsPrincipal? _principal;

    public string? UserId => _principal?.Identity?.IsAuthenticated == true
        ? _principal.FindFirstValue(ClaimTypes.NameIdentifier)
        : null;

    public string? UserName => _principal?.Identity?.IsAuthenticated == true ? _principal.Identity.Name : null;

    public void Set(ClaimsPrincipal? principal) => _principal = principal;
}
