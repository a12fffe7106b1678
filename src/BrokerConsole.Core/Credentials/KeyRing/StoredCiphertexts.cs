using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Credentials.KeyRing;

/// <summary>One encrypted value as it sits in the database, with what it takes to decrypt it (never its plaintext).</summary>
public sealed record StoredCiphertext(Guid AccountId, SecretKind Kind, string Ciphertext, DateTimeOffset WrittenAt);

/// <summary>The stored ciphertexts written by one key: how many, and the newest of them to try.</summary>
public sealed record KeyGroup(int Count, StoredCiphertext Newest);

/// <summary>
/// The encrypted values the database holds (account secrets and the tokens of sessions not yet ended), grouped by
/// the key that wrote them. The grouping runs in SQLite on the ciphertexts' first 24 characters (the payload's
/// magic header and 14 of the key id's 16 bytes, identical for every value of one key), so a probe reads one row
/// per key, not every secret: cheap enough for every /healthz call with thousands of accounts.
/// </summary>
internal static class StoredCiphertexts
{
    private const int PrefixLength = 24;

    public static async Task<List<KeyGroup>> ByKeyAsync(BrokerConsoleDbContext db, CancellationToken cancellationToken)
    {
        var groups = new List<KeyGroup>();
        var secrets = await db.AccountSecrets.AsNoTracking()
            .GroupBy(s => s.Ciphertext.Substring(0, PrefixLength))
            .Select(g => new { Prefix = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        foreach (var g in secrets)
        {
            var newest = await db.AccountSecrets.AsNoTracking()
                .Where(s => s.Ciphertext.Substring(0, PrefixLength) == g.Prefix)
                .OrderByDescending(s => s.UpdatedAt)
                .Select(s => new StoredCiphertext(s.AccountId, s.Kind, s.Ciphertext, s.UpdatedAt))
                .FirstAsync(cancellationToken);
            groups.Add(new KeyGroup(g.Count, newest));
        }

        var tokens = await db.BrokerSessions.AsNoTracking()
            .Where(s => s.AccessTokenCiphertext != null)
            .GroupBy(s => s.AccessTokenCiphertext!.Substring(0, PrefixLength))
            .Select(g => new { Prefix = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        foreach (var g in tokens)
        {
            var newest = await db.BrokerSessions.AsNoTracking()
                .Where(s => s.AccessTokenCiphertext != null && s.AccessTokenCiphertext.Substring(0, PrefixLength) == g.Prefix)
                .OrderByDescending(s => s.LoginTime)
                .Select(s => new StoredCiphertext(s.AccountId, SecretKind.SessionToken, s.AccessTokenCiphertext!, s.LoginTime))
                .FirstAsync(cancellationToken);
            groups.Add(new KeyGroup(g.Count, newest));
        }

        // Refresh tokens are written in the same instant as their session's access token, with the same key.
        return groups;
    }
}
