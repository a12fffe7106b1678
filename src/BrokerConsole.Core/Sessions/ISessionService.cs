using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;

namespace BrokerConsole.Core.Sessions;

/// <summary>Broker sessions of the signed-in user's accounts: login, status, test, disconnect.</summary>
public interface ISessionService
{
    /// <summary>The session view of every account of the current user, keyed by account id.</summary>
    Task<IReadOnlyDictionary<Guid, AccountSessionView>> GetViewsAsync(CancellationToken cancellationToken = default);

    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    Task<AccountSessionView> GetViewAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    Task<IReadOnlyList<SessionHistoryEntry>> GetHistoryAsync(Guid accountId, CancellationToken cancellationToken = default);

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
    /// Finishes a Dhan consent login: <paramref name="state"/> from the start cookie, <paramref name="tokenId"/> from the
    /// redirect. Never throws for bad input: every failure is a <see cref="LoginResult"/>, and the account is left as it was.
    /// </summary>
    Task<LoginResult> CompleteDhanLoginAsync(string? state, string? tokenId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finishes a Zerodha login from the redirect's query values. Never throws for bad input: every
    /// failure is a <see cref="LoginResult"/> with a specific message, and the account is left as it was.
    /// </summary>
    Task<LoginResult> CompleteZerodhaLoginAsync(string? state, string? status, string? requestToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// Logs in on the server with the account's stored credentials (Angel One: client code + MPIN + TOTP), no popup.
    /// Never throws for a broker refusal: every failure is a <see cref="LoginResult"/> with a specific message,
    /// and the account's current session is left as it was.
    /// </summary>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    /// <exception cref="LoginNotPossibleException">The broker logs in through a popup instead.</exception>
    Task<LoginResult> ConnectDirectAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finishes a Fyers login from the redirect's query values (<c>s</c>, <c>auth_code</c>, <c>state</c>). Never throws
    /// for bad input: every failure is a <see cref="LoginResult"/>, and the account is left as it was.
    /// </summary>
    Task<LoginResult> CompleteFyersLoginAsync(string? state, string? s, string? authCode, CancellationToken cancellationToken = default);

    /// <summary>Calls the broker's profile endpoint with the live session now.</summary>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    Task<ConnectionTestResult> TestConnectionAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <summary>Invalidates the token at the broker (best effort) and ends the session here.</summary>
    /// <returns>A sentence describing what happened at the broker.</returns>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    /// <exception cref="NoActiveSessionException">Nothing to disconnect.</exception>
    Task<string> DisconnectAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <summary>Decrypts the live access token for display. Audited.</summary>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    /// <exception cref="NoActiveSessionException">No live session.</exception>
    Task<string> RevealAccessTokenAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <summary>
    /// False when the account's live session has a token the key ring cannot decrypt; true when it decrypts or
    /// there is no live session (that case is the caller's usual "no session"). Lets a placement fail before it
    /// saves anything.
    /// </summary>
    Task<bool> IsSessionReadableAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="call"/> with a client bound to the account's live session. A broker answer that
    /// the session is expired marks it expired (and tells the user's tabs) before the exception propagates,
    /// so every feature that talks to a broker handles expiry the same way.
    /// </summary>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    /// <exception cref="NoActiveSessionException">No live session.</exception>
    /// <exception cref="BrokerApiException">The broker call failed.</exception>
    Task<T> CallBrokerAsync<T>(Guid accountId, Func<IBrokerClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken = default);
}

/// <summary>A started popup login: the page to open and the single-use state recorded for it.</summary>
public sealed record PopupLoginStart(Uri LoginUri, string State)
{
    public override string ToString() => $"PopupLoginStart {{ LoginUri = {LoginUri}, State = [redacted] }}";
}
