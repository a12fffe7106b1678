using System.Collections.Concurrent;
using System.Security.Claims;

namespace BrokerConsole.Web.Identity;

/// <summary>
/// Which sign-ins re-entered their password (or a second-factor code) lately. Held on the server, per user and
/// sign-in id, never as a flag the browser could set; lost on restart, which only means asking once more.
/// </summary>
public sealed class RecentConfirmations(TimeProvider time, IConfiguration configuration)
{
    /// <summary>How long one confirmation covers further sensitive actions (<c>Identity:ReauthenticationWindow</c>).</summary>
    public TimeSpan Window { get; } = configuration.GetValue("Identity:ReauthenticationWindow", TimeSpan.FromMinutes(5));

    private readonly ConcurrentDictionary<(string UserId, string SessionId), DateTimeOffset> _confirmedAt = new();

    public void Confirm(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (KeyOf(principal) is not { } key)
        {
            throw new InvalidOperationException("Only a signed-in browser session can confirm its password.");
        }

        var now = time.GetUtcNow();
        // Old entries go on each confirmation: the map stays as small as the number of recently active sign-ins.
        foreach (var (stale, at) in _confirmedAt)
        {
            if (now - at >= Window)
            {
                _confirmedAt.TryRemove(stale, out _);
            }
        }

        _confirmedAt[key] = now;
    }

    public bool IsRecent(ClaimsPrincipal? principal) =>
        KeyOf(principal) is { } key
        && _confirmedAt.TryGetValue(key, out var at)
        && time.GetUtcNow() - at < Window;

    /// <summary>Ends every grace window of a user (sign-out, password change, second factor turned off).</summary>
    public void Forget(string userId)
    {
        foreach (var key in _confirmedAt.Keys.Where(k => k.UserId == userId))
        {
            _confirmedAt.TryRemove(key, out _);
        }
    }

    private static (string, string)? KeyOf(ClaimsPrincipal? principal) =>
        principal?.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId && SignInSessions.IdOf(principal) is { } sessionId
            ? (userId, sessionId)
            : null;
}
