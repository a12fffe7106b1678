using System.Security.Cryptography;
using System.Text;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Persistence;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.ApiKeys;

public sealed class ApiKeyService(
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    ICurrentUser currentUser,
    IAuditTrail audit,
    TimeProvider time) : IApiKeyService, IApiKeyAuthenticator
{
    public const string SecretPrefix = "bc_";
    public const int NameMaxLength = 60;
    public const int DisplayPrefixLength = 9; // "bc_" + 6 random characters

    // Last use is a write per request otherwise; a minute is precise enough for "when was this key used".
    private static readonly TimeSpan _lastUsedGranularity = TimeSpan.FromMinutes(1);

    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var userId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.OwnerId == userId).OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return [.. keys.Select(k => ToSummary(k) with { IsExpired = k.ExpiresAt <= now })];
    }

    public async Task<CreatedApiKey> CreateAsync(string name, TimeSpan? lifetime, CancellationToken cancellationToken = default)
    {
        var userId = currentUser.RequireUserId();
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new ApiKeyValidationException("Give the key a name, e.g. the script that will use it.");
        }

        if (trimmed.Length > NameMaxLength)
        {
            throw new ApiKeyValidationException($"The name can have at most {NameMaxLength} characters.");
        }

        if (lifetime is { } span && (span < ApiKeyLifetimes.Shortest || span > ApiKeyLifetimes.Longest))
        {
            throw new ApiKeyValidationException($"A key can live from {ApiKeyLifetimes.Shortest.TotalDays:0} to {ApiKeyLifetimes.Longest.TotalDays:0} days, or never expire.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.ApiKeys.AnyAsync(k => k.OwnerId == userId && k.RevokedAt == null && k.Name == trimmed, cancellationToken))
        {
            throw new ApiKeyValidationException($"You already have an active key named '{trimmed}'.");
        }

        var secret = SecretPrefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Id = Guid.NewGuid(),
            OwnerId = userId,
            Name = trimmed,
            Prefix = secret[..DisplayPrefixLength],
            Hash = HashOf(secret),
            CreatedAt = time.GetUtcNow(),
            ExpiresAt = time.GetUtcNow() + lifetime,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        var expiry = key.ExpiresAt is { } expires ? $"expires {expires:yyyy-MM-dd} UTC" : "never expires";
        await audit.RecordAsync(userId, AuditAction.ApiKeyCreated, $"Created API key '{key.Name}' ({key.Prefix}…), {expiry}", cancellationToken: cancellationToken);
        return new CreatedApiKey(ToSummary(key), secret);
    }

    public async Task RevokeAsync(Guid keyId, CancellationToken cancellationToken = default)
    {
        var userId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId && k.OwnerId == userId, cancellationToken)
            ?? throw new ApiKeyNotFoundException(keyId);
        if (key.RevokedAt is not null)
        {
            return;
        }

        key.RevokedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(userId, AuditAction.ApiKeyRevoked, $"Revoked API key '{key.Name}' ({key.Prefix}…)", cancellationToken: cancellationToken);
    }

    public async Task<int> RevokeAllAsync(string reason, CancellationToken cancellationToken = default)
    {
        var userId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var active = await db.ApiKeys.Where(k => k.OwnerId == userId && k.RevokedAt == null).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var key in active)
        {
            key.RevokedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var key in active)
        {
            await audit.RecordAsync(userId, AuditAction.ApiKeyRevoked, $"Revoked API key '{key.Name}' ({key.Prefix}…): {reason}", cancellationToken: cancellationToken);
        }

        return active.Count;
    }

    public async Task<ApiKeyOwner?> AuthenticateAsync(string presentedSecret, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(presentedSecret) || !presentedSecret.StartsWith(SecretPrefix, StringComparison.Ordinal) || presentedSecret.Length > 200)
        {
            return null;
        }

        // Looked up by hash: equal hashes mean equal secrets, and the database never sees the secret.
        var hash = HashOf(presentedSecret);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Hash == hash && k.RevokedAt == null)
            .Select(k => new { k.Id, k.OwnerId, k.LastUsedAt, k.ExpiresAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (found.ExpiresAt is { } expiredAt && expiredAt <= now)
        {
            throw new ApiKeyExpiredException(expiredAt);
        }

        if (found.LastUsedAt is null || now - found.LastUsedAt.Value >= _lastUsedGranularity)
        {
            await db.ApiKeys.Where(k => k.Id == found.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }

        var userName = await db.Users.Where(u => u.Id == found.OwnerId).Select(u => u.UserName).SingleOrDefaultAsync(cancellationToken);
        return new ApiKeyOwner(found.Id, found.OwnerId, userName);
    }

    internal static string HashOf(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static ApiKeySummary ToSummary(ApiKey k) => new(k.Id, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt) { ExpiresAt = k.ExpiresAt };
}
