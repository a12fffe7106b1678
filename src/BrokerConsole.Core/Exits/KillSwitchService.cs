using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Portfolio;
using BrokerConsole.Core.Sessions;

namespace BrokerConsole.Core.Exits;

/// <summary>
/// The user's kill switch: in every account with a live session, cancel every open or pending order, then square off
/// every intraday (MIS) position at market. Delivery (CNC) and carry-forward (NRML) positions and holdings are left
/// alone. An account without a session is listed as skipped. Orders are cancelled first so a pending stop-loss
/// cannot close a position a second time after the square-off.
/// </summary>
public sealed class KillSwitchService(
    ICurrentUser currentUser,
    IAccountService accounts,
    ISessionService sessions,
    IOrderService orders,
    IBrokerModules brokers,
    InstrumentCatalog instruments,
    ExitLegRunner runner,
    IAuditTrail audit,
    KillSwitchResults results,
    TimeProvider time)
{
    /// <summary>What the user types to confirm.</summary>
    public const string Phrase = "EXIT ALL";

    public async Task<KillSwitchRun> RunAsync(string? confirmation, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        if (!string.Equals(confirmation?.Trim(), Phrase, StringComparison.Ordinal))
        {
            throw new KillSwitchNotConfirmedException();
        }

        var runId = Guid.NewGuid();
        var all = await accounts.ListAsync(cancellationToken);
        var views = await sessions.GetViewsAsync(cancellationToken);
        var index = await instruments.GetAsync(cancellationToken);
        var perAccount = new List<KillSwitchItem>[all.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, all.Count),
            new ParallelOptions { MaxDegreeOfParallelism = AccountFanOut.MaxParallelAccounts, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var account = all[i];
                perAccount[i] = views.TryGetValue(account.Id, out var view) && view.State is SessionState.Active or SessionState.Error
                    ? await RunAccountAsync(runId, account, index, ct)
                    : [Skipped(account, "No live session: nothing was cancelled or squared off here. Log in and run the kill switch again, or use the broker's app.")];
            });

        var run = new KillSwitchRun(runId, time.GetUtcNow(), [.. perAccount.SelectMany(items => items)]);
        // Saved whatever happens to the request: the cancels and square-offs are done, their record must not be lost.
        await results.AddAsync(ownerId, run, CancellationToken.None);
        await audit.RecordAsync(ownerId, AuditAction.KillSwitch, "Kill switch: " + run.Summary(), null, CancellationToken.None);
        return run;
    }

    private async Task<List<KillSwitchItem>> RunAccountAsync(Guid runId, AccountSummary account, InstrumentIndex index, CancellationToken cancellationToken)
    {
        var items = new List<KillSwitchItem>();
        IReadOnlyList<BrokerOrder> book;
        try
        {
            book = await sessions.CallBrokerAsync(account.Id, (client, ct) => client.GetOrdersAsync(ct), cancellationToken);
        }
        catch (NoActiveSessionException)
        {
            return [Skipped(account, "No live session: nothing was cancelled or squared off here.")];
        }
        catch (BrokerApiException ex)
        {
            book = [];
            items.Add(new KillSwitchItem(account.Id, account.DisplayName, account.Broker, KillSwitchStep.Account, "Open orders", ExitOutcome.Unknown,
                $"The order book could not be read, so open orders were not cancelled: {ex.Message} Check the broker's app."));
        }

        foreach (var order in book.Where(o => o.Status is OrderStatus.Open or OrderStatus.TriggerPending or OrderStatus.Pending or OrderStatus.Modified))
        {
            var what = $"Cancel {OrderLabels.Side(order.TransactionType)} {order.PendingQuantity} {order.Exchange}:{order.TradingSymbol} (order {order.OrderId})";
            var cancelled = await orders.CancelAsync(account.Id, order.OrderId, cancellationToken);
            items.Add(new KillSwitchItem(account.Id, account.DisplayName, account.Broker, KillSwitchStep.Cancel, what,
                cancelled.Succeeded ? ExitOutcome.Done : ExitOutcome.Rejected, cancelled.Message, order.OrderId));
        }

        Positions positions;
        try
        {
            positions = await sessions.CallBrokerAsync(account.Id, (client, ct) => client.GetPositionsAsync(ct), cancellationToken);
        }
        catch (Exception ex) when (ex is BrokerApiException or NoActiveSessionException)
        {
            items.Add(new KillSwitchItem(account.Id, account.DisplayName, account.Broker, KillSwitchStep.Account, "Intraday positions", ExitOutcome.Unknown,
                $"The positions could not be read, so nothing was squared off: {ex.Message} Check the broker's app."));
            return items;
        }

        var intraday = new ExitScope(ExitScopeKind.All, account.Id, null, ProductType.Mis);
        var read = new AccountPositions(account.Id, account.DisplayName, account.Broker, positions.Net);
        var legs = ExitPlanner.Plan(intraday, ExitPricing.Market(), [read], index, broker => brokers.For(broker).Has(BrokerCapabilities.MarketProtection));
        foreach (var result in await runner.RunAsync(legs, leg => ExitTags.ForKillSwitch(runId, leg.AccountId, leg.Index), read, cancellationToken))
        {
            items.Add(new KillSwitchItem(account.Id, account.DisplayName, account.Broker, KillSwitchStep.Exit, result.Leg.Ticket.Describe(), result.Outcome, result.Message,
                result.OrderId, result.Tag));
        }

        return items;
    }

    private static KillSwitchItem Skipped(AccountSummary account, string why) =>
        new(account.Id, account.DisplayName, account.Broker, KillSwitchStep.Account, "Whole account", ExitOutcome.Skipped, why);
}
