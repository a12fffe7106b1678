using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;

namespace BrokerConsole.Core.Sessions;

/// <summary>
/// <see cref="ISessionService"/> for consumers that use more than one part: it only hands each call to the service of
/// that one job (<see cref="SessionQueries"/>, <see cref="SessionLogins"/>, <see cref="BrokerGateway"/>).
/// </summary>
internal sealed class SessionService(ISessionQueries queries, ISessionLogins logins, IBrokerGateway gateway) : ISessionService
{
    public Task<IReadOnlyDictionary<Guid, AccountSessionView>> GetViewsAsync(CancellationToken cancellationToken = default) =>
        queries.GetViewsAsync(cancellationToken);

    public Task<AccountSessionView> GetViewAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        queries.GetViewAsync(accountId, cancellationToken);

    public Task<IReadOnlyList<SessionHistoryEntry>> GetHistoryAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        queries.GetHistoryAsync(accountId, cancellationToken);

    public Task<bool> IsSessionReadableAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        queries.IsSessionReadableAsync(accountId, cancellationToken);

    public Task<Uri> BeginPopupLoginAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        logins.BeginPopupLoginAsync(accountId, cancellationToken);

    public Task<PopupLoginStart> StartPopupLoginAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        logins.StartPopupLoginAsync(accountId, cancellationToken);

    public Task<LoginResult> CompletePopupLoginAsync(BrokerKind broker, PopupCallback callback, CancellationToken cancellationToken = default) =>
        logins.CompletePopupLoginAsync(broker, callback, cancellationToken);

    public Task<LoginResult> ConnectDirectAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        logins.ConnectDirectAsync(accountId, cancellationToken);

    public Task<string> DisconnectAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        logins.DisconnectAsync(accountId, cancellationToken);

    public Task<T> CallBrokerAsync<T>(Guid accountId, Func<IBrokerClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken = default) =>
        gateway.CallBrokerAsync(accountId, call, cancellationToken);

    public Task<ConnectionTestResult> TestConnectionAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        gateway.TestConnectionAsync(accountId, cancellationToken);

    public Task<string> RevealAccessTokenAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        gateway.RevealAccessTokenAsync(accountId, cancellationToken);
}
