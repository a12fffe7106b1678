using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace BrokerConsole.Sandbox.Kite;

/// <summary>
/// Between the password step and the TOTP step of the sandbox login page: a random ticket names the user whose
/// password was right, so the password is never carried in the TOTP page. In memory, five minutes, used once.
/// </summary>
internal sealed class KiteLoginTickets(TimeProvider clock)
{
    private static readonly TimeSpan _lifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (string ApiKey, string UserId, DateTimeOffset ExpiresAt)> _tickets = new(StringComparer.Ordinal);

    public string Issue(string apiKey, string userId)
    {
        var now = clock.GetUtcNow();
        foreach (var stale in _tickets.Where(t => t.Value.ExpiresAt <= now).Select(t => t.Key).ToList())
        {
            _tickets.TryRemove(stale, out _);
        }

        var ticket = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _tickets[ticket] = (apiKey, userId, now + _lifetime);
        return ticket;
    }

    /// <summary>The user of a live ticket for this app, or null. A wrong code leaves the ticket usable, as a retry on the same page.</summary>
    public string? Find(string apiKey, string ticket) =>
        _tickets.TryGetValue(ticket, out var entry) && entry.ApiKey == apiKey && entry.ExpiresAt > clock.GetUtcNow() ? entry.UserId : null;

    public void Consume(string ticket) => _tickets.TryRemove(ticket, out _);
}
