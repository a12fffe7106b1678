using System.Collections.Concurrent;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Orders;

namespace BrokerConsole.Core.Notifications.Trading;

/// <summary>
/// Turns successive polls of a user's order books into fill and rejection notices. The first book read of an account
/// is only remembered (orders that filled before anyone watched are not news); afterwards an order that reaches
/// Complete or Rejected, or first appears already there, is a notice. Repeats across polls, postbacks and placement
/// answers collapse on the notice's key (broker order id + status) in <see cref="TradingNotifier"/>.
/// </summary>
public sealed class OrderBookTransitions(TradingNotifier notifier)
{
    // Per owner, per account: the last status of each order seen. Replaced by each read, so it never outgrows one book.
    private readonly ConcurrentDictionary<(string OwnerId, Guid AccountId), Dictionary<string, OrderStatus>> _seen = new();

    /// <summary>The notices <paramref name="snapshot"/> gives, remembering it for the next poll.</summary>
    public IReadOnlyList<TradingNotice> Diff(string ownerId, OrdersSnapshot snapshot)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentNullException.ThrowIfNull(snapshot);
        var notices = new List<TradingNotice>();
        foreach (var account in snapshot.Accounts)
        {
            // A stale book (the broker failed this time) is an old copy: it says nothing new.
            if (account.IsStale)
            {
                continue;
            }

            var now = account.Orders.Where(o => !o.IsUnreadable).GroupBy(o => o.OrderId).ToDictionary(g => g.Key, g => g.Last().Status, StringComparer.Ordinal);
            var key = (ownerId, account.AccountId);
            if (_seen.TryGetValue(key, out var before))
            {
                foreach (var order in account.Orders.Where(o => !o.IsUnreadable && o.Status is OrderStatus.Complete or OrderStatus.Rejected))
                {
                    if (!before.TryGetValue(order.OrderId, out var was) || was != order.Status)
                    {
                        notices.Add(For(ownerId, account, order));
                    }
                }
            }

            _seen[key] = now;
        }

        return notices;
    }

    /// <summary>Diffs and stores the notices (each once).</summary>
    public async Task ObserveAsync(string ownerId, OrdersSnapshot snapshot)
    {
        foreach (var notice in Diff(ownerId, snapshot))
        {
            await notifier.NotifyAsync(notice);
        }
    }

    /// <summary>The notice for an order in a final state of interest, from any source that has the order.</summary>
    public static TradingNotice For(string ownerId, AccountOrders account, BrokerOrder order)
    {
        ArgumentNullException.ThrowIfNull(account);
        return For(ownerId, account.AccountId, account.DisplayName, account.Broker, order);
    }

    public static TradingNotice For(string ownerId, Guid accountId, string accountName, Accounts.BrokerKind broker, BrokerOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var what = TradingNoticeText.Describe(order);
        return order.Status == OrderStatus.Rejected
            ? new TradingNotice(ownerId, accountId, broker, NotificationKind.OrderRejected, TradingNoticeText.OrderRejected(accountName, what, order.StatusMessage),
                NotificationTone.Error, TradingNoticeKeys.Order(accountId, order.OrderId, OrderStatus.Rejected), "orders")
            : new TradingNotice(ownerId, accountId, broker, NotificationKind.OrderFilled, TradingNoticeText.OrderFilled(accountName, what, order.AveragePrice, order.OrderId),
                NotificationTone.Success, TradingNoticeKeys.Order(accountId, order.OrderId, OrderStatus.Complete), "orders");
    }
}
