using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace BrokerConsole.Sandbox.Kite;

/// <summary>A live API session: who, through which app, and until when.</summary>
internal sealed record KiteSession(
    string ApiKey,
    string UserId,
    string AccessToken,
    string PublicToken,
    DateTimeOffset LoginTime,
    DateTimeOffset ExpiresAt);

/// <summary>
/// Request tokens (single use, short-lived) and access tokens (until the next 06:00 IST or logout).
/// Thread-safe: the health monitor and the UI call concurrently.
/// </summary>
internal sealed class KiteSessionStore(TimeProvider clock, Microsoft.Extensions.Options.IOptions<SandboxOptions> options)
{
    private sealed record PendingLogin(string ApiKey, string UserId, DateTimeOffset ExpiresAt);

    private readonly ConcurrentDictionary<string, PendingLogin> _requestTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, KiteSession> _sessions = new(StringComparer.Ordinal);

    public string IssueRequestToken(string apiKey, string userId)
    {
        var token = NewToken();
        _requestTokens[token] = new PendingLogin(apiKey, userId, clock.GetUtcNow() + options.Value.Kite.RequestTokenLifetime);
        return token;
    }

    /// <summary>Whether the request token was issued to this app and can still be exchanged (nothing is consumed).</summary>
    public bool IsPending(string apiKey, string requestToken) =>
        _requestTokens.TryGetValue(requestToken, out var pending) && pending.ApiKey == apiKey && clock.GetUtcNow() < pending.ExpiresAt;

    /// <summary>Consumes the request token (whatever the outcome, as Kite does) and opens a session.</summary>
    public KiteSession? Exchange(string apiKey, string requestToken)
    {
        if (!_requestTokens.TryRemove(requestToken, out var pending)
            || pending.ApiKey != apiKey
            || clock.GetUtcNow() >= pending.ExpiresAt)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var session = new KiteSession(apiKey, pending.UserId, NewToken(), NewToken(), now, IstClock.NextSixAm(now));
        _sessions[session.AccessToken] = session;
        return session;
    }

    public KiteSession? Find(string apiKey, string accessToken)
    {
        if (!_sessions.TryGetValue(accessToken, out var session) || session.ApiKey != apiKey)
        {
            return null;
        }

        if (clock.GetUtcNow() >= session.ExpiresAt)
        {
            _sessions.TryRemove(accessToken, out _);
            return null;
        }

        return session;
    }

    public bool Invalidate(string apiKey, string accessToken) =>
        _sessions.TryGetValue(accessToken, out var session) && session.ApiKey == apiKey
        && _sessions.TryRemove(accessToken, out _);

    public int ExpireToken(string accessToken) => _sessions.TryRemove(accessToken, out _) ? 1 : 0;

    public int ExpireUser(string userId)
    {
        var count = 0;
        foreach (var (token, session) in _sessions)
        {
            if (string.Equals(session.UserId, userId, StringComparison.OrdinalIgnoreCase) && _sessions.TryRemove(token, out _))
            {
                count++;
            }
        }

        return count;
    }

    public int ExpireAll()
    {
        var count = _sessions.Count;
        _sessions.Clear();
        return count;
    }

    /// <summary>32 alphanumeric characters, the shape of real Kite tokens.</summary>
    private static string NewToken() => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 32);
}
