using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;

namespace BrokerConsole.Core.Sessions;

/// <summary>
/// When a session that is about to be stored ends. The broker's own expiry wins when it sent one (a JWT's exp, Dhan's
/// token validity); otherwise the broker's clock rule runs from this server's clock at the moment of storing, never
/// from the login time the broker reports: Kite's <c>login_time</c> comes from another clock (and from a cache or a
/// replayed answer it can be days old), and a session timed from it could be stored already expired while the popup
/// says "Connected".
/// </summary>
public static class NewSessionExpiry
{
    /// <summary>The session's expiry, or null when it is already over at <paramref name="now"/> and must not be stored.</summary>
    public static DateTimeOffset? For(SessionGrant grant, DateTimeOffset now, IBrokerModule module)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(module);
        var expiresAt = grant.ExpiresAt ?? module.SessionExpiresAt(now);
        return expiresAt > now ? expiresAt : null;
    }

    /// <summary>What the login says instead of "Connected" when <see cref="For"/> refused the session.</summary>
    public static string AlreadyExpiredMessage(SessionGrant grant, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var broker = BrokerCatalog.For(grant.BrokerKind).Name;
        var ended = grant.ExpiresAt is { } at ? $" at {Time.IndianTime.Format(at)} IST" : "";
        return $"{broker} issued a session that had already expired{ended} by this server's clock ({Time.IndianTime.Format(now)} IST). " +
            "Nothing was saved. Check this server's clock, then log in again.";
    }
}
