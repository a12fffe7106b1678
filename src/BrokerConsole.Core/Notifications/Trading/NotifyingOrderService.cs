using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Orders;

namespace BrokerConsole.Core.Notifications.Trading;

/// <summary>
/// <see cref="IOrderService"/> with placement outcomes turned into notices: a rejection (by the broker's RMS, or refused
/// at its API) and an immediate fill. Wraps the order service rather than growing it; everything else passes through.
/// The placement's answer is returned whatever happens to the notice.
/// </summary>
internal sealed class NotifyingOrderService(OrderService inner, IAccountService accounts, ICurrentUser currentUser, TradingNotifier notifier) : IOrderService
{
    public Task<OrdersSnapshot> GetTodayAsync(Guid? accountId = null, CancellationToken cancellationToken = default) => inner.GetTodayAsync(accountId, cancellationToken);

    public Task<IReadOnlyList<BrokerOrder>> GetHistoryAsync(Guid accountId, string orderId, CancellationToken cancellationToken = default) =>
        inner.GetHistoryAsync(accountId, orderId, cancellationToken);

    public async Task<PlacementResult> PlaceAsync(OrderTicket ticket, CancellationToken cancellationToken = default) =>
        await NoticeAsync(ticket, await inner.PlaceAsync(ticket, cancellationToken), cancellationToken);

    public async Task<PlacementResult> PlaceAsync(OrderTicket ticket, string tag, CancellationToken cancellationToken = default) =>
        await NoticeAsync(ticket, await inner.PlaceAsync(ticket, tag, cancellationToken), cancellationToken);

    public async Task<PlacementResult> SendAsync(OrderTicket ticket, string tag, TagClaim claim, CancellationToken cancellationToken = default) =>
        await NoticeAsync(ticket, await inner.SendAsync(ticket, tag, claim, cancellationToken), cancellationToken);

    public Task<OrderActionResult> ModifyAsync(OrderChange change, CancellationToken cancellationToken = default) => inner.ModifyAsync(change, cancellationToken);

    public Task<OrderActionResult> CancelAsync(Guid accountId, string orderId, CancellationToken cancellationToken = default) => inner.CancelAsync(accountId, orderId, cancellationToken);

    public Task<PlacementResult> CheckIntentAsync(Guid intentId, CancellationToken cancellationToken = default) => inner.CheckIntentAsync(intentId, cancellationToken);

    public Task<PlacementResult> SettleInFlightAsync(Guid accountId, string tag, DateTimeOffset sentAt, Func<TagVerdict, Task>? checking, CancellationToken cancellationToken = default) =>
        inner.SettleInFlightAsync(accountId, tag, sentAt, checking, cancellationToken);

    public Task<IReadOnlyList<OrderIntent>> RecentIntentsAsync(int take, CancellationToken cancellationToken = default) => inner.RecentIntentsAsync(take, cancellationToken);

    /// <summary>The notice of a result completed later from the book (<see cref="IOrderService.SendAsync"/>): a rejection or a fill seen there.</summary>
    internal Task<PlacementResult> NoticeLaterAsync(OrderTicket ticket, PlacementResult result) => NoticeAsync(ticket, result, CancellationToken.None);

    private async Task<PlacementResult> NoticeAsync(OrderTicket ticket, PlacementResult result, CancellationToken cancellationToken)
    {
        if (Describe(ticket, result) is { } build)
        {
            // The account was read by the placement a moment ago; its name is for the sentence only.
            var account = await accounts.GetAsync(ticket.AccountId, CancellationToken.None);
            await notifier.NotifyAsync(build(currentUser.RequireUserId(), account));
        }

        return result;
    }

    /// <summary>The notice a placement's result gives, if any (an order our side never sent is not the broker's rejection).</summary>
    internal static Func<string, AccountSummary, TradingNotice>? Describe(OrderTicket ticket, PlacementResult result)
    {
        switch (result)
        {
            case { Outcome: PlacementOutcome.Placed, Order: { Status: OrderStatus.Rejected or OrderStatus.Complete } order }:
                return (owner, account) => OrderBookTransitions.For(owner, account.Id, account.DisplayName, account.Broker, order);
            case { Outcome: PlacementOutcome.NotPlaced, NotSent: false }:
                var side = ticket.Side == TransactionType.Sell ? "SELL" : "BUY";
                var what = $"{side} {ticket.Quantity} {ticket.Exchange}:{ticket.TradingSymbol}";
                var reason = result.Message.StartsWith("Not placed. ", StringComparison.Ordinal) ? result.Message["Not placed. ".Length..] : result.Message;
                return (owner, account) => new TradingNotice(owner, account.Id, account.Broker, NotificationKind.OrderRejected,
                    TradingNoticeText.OrderRejected(account.DisplayName, what, reason), NotificationTone.Error,
                    TradingNoticeKeys.RefusedPlacement(account.Id, result.Tag), "orders");
            default:
                return null;
        }
    }
}
