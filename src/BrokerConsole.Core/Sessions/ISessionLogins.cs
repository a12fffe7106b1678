using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;

namespace BrokerConsole.Core.Sessions;

/// <summary>How a session of the signed-in user's account starts (popup or server-side login) and ends (disconnect).</summary>
public interface ISessionLogins
{
    /// <summary>
    /// Starts a popup login: records a single-use state bound to this user and account and returns the
    /// broker's login page carrying it.
    /// </summary>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    /// <exception cref="LoginNotPossibleException">The broker has no popup login, or credentials are missing.</exception>
    Task<Uri> BeginPopupLoginAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="BeginPopupLoginAsync"/> that also hands back the state, for a broker whose redirect cannot carry it
    /// (Dhan's consent: the start endpoint keeps it in a cookie for the callback).
    /// </summary>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    /// <exception cref="LoginNotPossibleException">The broker has no popup login, or credentials are missing.</exception>
    /// <exception cref="BrokerApiException">The broker refused to create the consent (wrong key or secret, daily cap).</exception>
    Task<PopupLoginStart> StartPopupLoginAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finishes any broker's popup login from its redirect, read by the broker module's <see cref="PopupCallbackShape"/>.
    /// Never throws for bad input: every failure is a <see cref="LoginResult"/> with a specific message, and the account
    /// is left as it was.
    /// </summary>
    Task<LoginResult> CompletePopupLoginAsync(BrokerKind broker, PopupCallback callback, CancellationToken cancellationToken = default);

    /// <summary>
    /// Logs in on the server with the account's stored credentials (Angel One: client code + MPIN + TOTP), no popup.
    /// Never throws for a broker refusal: every failure is a <see cref="LoginResult"/> with a specific message,
    /// and the account's current session is left as it was.
    /// </summary>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    /// <exception cref="LoginNotPossibleException">The broker logs in through a popup instead.</exception>
    Task<LoginResult> ConnectDirectAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <summary>Invalidates the token at the broker (best effort) and ends the session here.</summary>
    /// <returns>A sentence describing what happened at the broker.</returns>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    /// <exception cref="NoActiveSessionException">Nothing to disconnect.</exception>
    Task<string> DisconnectAsync(Guid accountId, CancellationToken cancellationToken = default);
}
