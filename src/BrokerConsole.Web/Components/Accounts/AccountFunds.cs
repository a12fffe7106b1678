using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Portfolio;
using BrokerConsole.Core.Sessions;

namespace BrokerConsole.Web.Components.Accounts;

/// <summary>
/// What the compact Accounts table shows for one live account's cash: being read, the amount available for trading
/// (equity + commodity net, the Portfolio page's definition), or why it could not be read. <see cref="Login"/> is the
/// session it was read for, so a new login reads it again.
/// </summary>
public sealed record AccountFunds(DateTimeOffset? Login, decimal? Available, string? Problem)
{
    public bool IsLoading => Available is null && Problem is null;

    public static AccountFunds Loading(DateTimeOffset? login) => new(login, null, null);

    /// <summary>Reads the funds through the session service (never directly from a broker); null when cancelled.</summary>
    public static async Task<AccountFunds?> ReadAsync(ISessionService sessions, Guid accountId, DateTimeOffset? login, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        try
        {
            var funds = await sessions.CallBrokerAsync(accountId, (client, ct) => client.GetFundsAsync(ct), cancellationToken);
            return new AccountFunds(login, PortfolioAggregator.AvailableFunds(funds), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is BrokerApiException or NoActiveSessionException or AccountNotFoundException or NotSupportedException or InvalidOperationException)
        {
            // The broker's own words (never a credential) go into the cell's tooltip; the cell itself stays short.
            return new AccountFunds(login, null, ex.Message);
        }
    }
}
