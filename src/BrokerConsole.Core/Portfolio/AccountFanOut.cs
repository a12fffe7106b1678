using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Sessions;

namespace BrokerConsole.Core.Portfolio;

/// <summary>
/// Runs one load per live account of the current user with bounded parallelism, turning every
/// failure into an <see cref="AccountIssue"/> so no account silently disappears from a view.
/// </summary>
internal static class AccountFanOut
{
    /// <summary>
    /// Few enough that 25 accounts do not open 25 sockets at once, enough that one slow broker does not
    /// hold up the rest. Each account has its own API key, so Kite's per-key limits are not shared.
    /// </summary>
    public const int MaxParallelAccounts = 6;

    public static async Task<(IReadOnlyList<(AccountSummary Account, T Value)> Loaded, IReadOnlyList<AccountIssue> Issues)> RunAsync<T>(
        IAccountService accounts,
        ISessionService sessions,
        Func<AccountSummary, CancellationToken, Task<T>> load,
        Guid? onlyAccountId,
        CancellationToken cancellationToken)
    {
        var all = await accounts.ListAsync(cancellationToken);
        var views = await sessions.GetViewsAsync(cancellationToken);
        var selected = all.Where(a => onlyAccountId is null || a.Id == onlyAccountId).ToList();
        var loaded = new (AccountSummary, T)?[selected.Count];
        var issues = new AccountIssue?[selected.Count];

        await Parallel.ForEachAsync(Enumerable.Range(0, selected.Count),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelAccounts, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var account = selected[i];
                if (!views.TryGetValue(account.Id, out var view) || view.State is not (SessionState.Active or SessionState.Error))
                {
                    issues[i] = AccountIssue.FromView(account.Id, account.DisplayName, view ?? AccountSessionView.None(account.Id));
                    return;
                }

                try
                {
                    loaded[i] = (account, await load(account, ct));
                }
                catch (Exception ex) when (ex is BrokerApiException or NoActiveSessionException or NotSupportedException or InvalidOperationException)
                {
                    issues[i] = AccountIssue.From(account.Id, account.DisplayName, ex);
                }
            });

        return (loaded.Where(l => l is not null).Select(l => l!.Value).ToList(), issues.Where(i => i is not null).Select(i => i!).ToList());
    }
}
