using BrokerConsole.Core.Credentials;

namespace BrokerConsole.Core.Accounts;

/// <summary>
/// The signed-in user's broker accounts. Every method acts only on accounts the current user owns;
/// another user's id behaves exactly like an id that does not exist.
/// </summary>
public interface IAccountService
{
    Task<IReadOnlyList<AccountSummary>> ListAsync(CancellationToken cancellationToken = default);

    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    Task<AccountSummary> GetAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <summary>The account's fields for an edit form, with every secret left empty.</summary>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    Task<AccountDraft> GetDraftAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <exception cref="AccountValidationException">A field is invalid or the account is a duplicate.</exception>
    Task<AccountSummary> CreateAsync(AccountDraft draft, CancellationToken cancellationToken = default);

    /// <summary>Saves changed fields; secret fields left empty keep their stored value. The broker cannot change.</summary>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    /// <exception cref="AccountValidationException">A field is invalid or the result would duplicate another account.</exception>
    Task<AccountSummary> UpdateAsync(Guid accountId, AccountDraft draft, CancellationToken cancellationToken = default);

    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    Task DeleteAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <summary>Decrypts one secret for display. Audited: the user asked to see it.</summary>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    /// <exception cref="KeyNotFoundException">The account holds no secret of that kind.</exception>
    Task<string> RevealSecretAsync(Guid accountId, SecretKind kind, CancellationToken cancellationToken = default);

    /// <summary>The current user's account ids in their own "Log in all" order (never-placed accounts last, in list order).</summary>
    Task<IReadOnlyList<Guid>> GetLoginOrderAsync(CancellationToken cancellationToken = default);

    /// <summary>Saves the current user's "Log in all" order. Ids of other users' accounts are ignored.</summary>
    Task SaveLoginOrderAsync(IReadOnlyList<Guid> accountIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// The current 6-digit login code from the account's stored TOTP secret, for the user to type into the
    /// broker's own login page. Audited on every call; the secret never leaves the server.
    /// </summary>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    /// <exception cref="KeyNotFoundException">The account holds no TOTP secret.</exception>
    Task<LoginCode> GetLoginCodeAsync(Guid accountId, CancellationToken cancellationToken = default);
}

/// <summary>A TOTP code and the instant its 30-second step ends.</summary>
public sealed record LoginCode(string Code, DateTimeOffset ValidUntil);
