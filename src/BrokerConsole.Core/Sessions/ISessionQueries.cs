using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Sessions;

/// <summary>What the signed-in user's sessions look like; reads only, no broker call.</summary>
public interface ISessionQueries
{
    /// <summary>The session view of every account of the current user, keyed by account id.</summary>
    Task<IReadOnlyDictionary<Guid, AccountSessionView>> GetViewsAsync(CancellationToken cancellationToken = default);

    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    Task<AccountSessionView> GetViewAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    Task<IReadOnlyList<SessionHistoryEntry>> GetHistoryAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <summary>
    /// False when the account's live session has a token the key ring cannot decrypt; true when it decrypts or
    /// there is no live session (that case is the caller's usual "no session"). Lets a placement fail before it
    /// saves anything.
    /// </summary>
    Task<bool> IsSessionReadableAsync(Guid accountId, CancellationToken cancellationToken = default);
}
