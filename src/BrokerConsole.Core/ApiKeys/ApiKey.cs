using BrokerConsole.Core.Errors;

namespace BrokerConsole.Core.ApiKeys;

/// <summary>
/// A user's key for the REST API. Only the SHA-256 hash of the secret is stored (plus a short prefix for
/// display): the secret itself is shown once at creation and cannot be recovered afterwards.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }

    public required string OwnerId { get; set; }

    public required string Name { get; set; }

    /// <summary>The first characters of the secret (e.g. <c>bc_AbC12x</c>), enough to tell keys apart, useless for guessing.</summary>
    public required string Prefix { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole secret.</summary>
    public required string Hash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>When the key stops working by itself; null for a key its owner chose to never expire.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}

/// <summary>What the settings page lists: never the secret or its hash.</summary>
public sealed record ApiKeySummary(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;

    /// <summary>When the key stops working by itself; null when it never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Past its expiry when the list was read (the page shows it as expired, the API refuses it).</summary>
    public bool IsExpired { get; init; }
}

/// <summary>A new key and its secret; the only time the secret exists outside the caller's hands.</summary>
public sealed record CreatedApiKey(ApiKeySummary Key, string Secret);

/// <summary>The owner of a valid presented key, for building the request's principal.</summary>
public sealed record ApiKeyOwner(Guid KeyId, string OwnerId, string? UserName);

/// <summary>
/// A presented key that was valid once and has passed its expiry: told apart from an unknown key so the script's
/// owner learns to make a new one instead of hunting for a typo.
/// </summary>
public sealed class ApiKeyExpiredException(DateTimeOffset expiredAt) : Exception($"The API key expired at {expiredAt:u}.")
{
    public DateTimeOffset ExpiredAt { get; } = expiredAt;
}

/// <summary>The name broke a rule; nothing was saved.</summary>
public sealed class ApiKeyValidationException(string message) : ValidationFailedException(message);

/// <summary>The key does not exist or belongs to someone else (deliberately the same case).</summary>
public sealed class ApiKeyNotFoundException(Guid keyId) : NotFoundException("That API key does not exist, or it is not yours.")
{
    public Guid KeyId { get; } = keyId;
}
