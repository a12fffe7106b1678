namespace BrokerConsole.Core.ApiKeys;

/// <summary>The signed-in user's REST API keys: create (secret shown once), list, revoke.</summary>
public interface IApiKeyService
{
    /// <summary>The current user's keys, newest first, revoked ones included (marked).</summary>
    Task<IReadOnlyList<ApiKeySummary>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates a key that expires after <see cref="ApiKeyLifetimes.Default"/>.</summary>
    /// <exception cref="ApiKeyValidationException">The name is empty, too long or already used by an active key.</exception>
    Task<CreatedApiKey> CreateAsync(string name, CancellationToken cancellationToken = default) =>
        CreateAsync(name, ApiKeyLifetimes.Default, cancellationToken);

    /// <summary>
    /// Creates a key that stops working <paramref name="lifetime"/> after now (null: never, the owner's explicit
    /// choice). The returned secret is never stored and cannot be shown again. Audited.
    /// </summary>
    /// <exception cref="ApiKeyValidationException">The name or the lifetime broke a rule.</exception>
    Task<CreatedApiKey> CreateAsync(string name, TimeSpan? lifetime, CancellationToken cancellationToken = default);

    /// <summary>Revokes a key at once: the next request with it gets 401. Audited. Revoking twice is a no-op.</summary>
    /// <exception cref="ApiKeyNotFoundException">Not found, or not the current user's.</exception>
    Task RevokeAsync(Guid keyId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Revokes every active key of the current user at once (a password change: a key made with a stolen session must
    /// not outlive it). Audited per key. Returns how many were revoked, so the user can be told.
    /// </summary>
    Task<int> RevokeAllAsync(string reason, CancellationToken cancellationToken = default);
}

/// <summary>Checks a presented secret (no signed-in user needed: this is how the API user is found).</summary>
public interface IApiKeyAuthenticator
{
    /// <summary>
    /// The owner of an active key matching <paramref name="presentedSecret"/>, or null for an unknown,
    /// malformed or revoked key. Records the key's last use (at most once a minute per key).
    /// </summary>
    /// <exception cref="ApiKeyExpiredException">The key is the owner's but past its expiry.</exception>
    Task<ApiKeyOwner?> AuthenticateAsync(string presentedSecret, CancellationToken cancellationToken = default);
}
