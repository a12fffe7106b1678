using BrokerConsole.Core.Brokers;

namespace BrokerConsole.Core.Orders;

/// <summary>
/// What an order book view keeps between reads. One broker's failing call (a burst of 429s, a timeout) must not make
/// that account's orders vanish: its last good rows stay, marked stale with the time they were read, beside the issue
/// that says why. And an action's answer (cancel, modify) updates its row at once instead of waiting for the next read.
/// </summary>
public static class OrderBookMemory
{
    /// <summary>
    /// <paramref name="fresh"/>, plus the last good rows of every account that failed in it but was read before (in
    /// <paramref name="previous"/>), marked stale as of their read time.
    /// </summary>
    public static OrdersSnapshot Merge(OrdersSnapshot? previous, OrdersSnapshot fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        var read = fresh.Accounts.Select(a => a with { ReadAt = a.ReadAt ?? fresh.LoadedAt }).ToList();
        if (previous is null)
        {
            return fresh with { Accounts = read };
        }

        var failed = fresh.Issues.Select(i => i.AccountId).ToHashSet();
        var kept = previous.Accounts
            .Where(a => failed.Contains(a.AccountId) && read.All(r => r.AccountId != a.AccountId))
            .Select(a => a with { ReadAt = a.ReadAt ?? previous.LoadedAt, IsStale = true });
        return fresh with { Accounts = [.. read, .. kept] };
    }

    /// <summary>
    /// A read that started before an action can land after it with the row as it was before: for each action whose
    /// row in <paramref name="fresh"/> still reads exactly as <see cref="OrderAction.Before"/>, the action's answer is
    /// put back. Every action is looked at once; a row that moved on is the broker's newer word and stays.
    /// </summary>
    public static OrdersSnapshot KeepActions(OrdersSnapshot fresh, IEnumerable<OrderAction> actions)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        ArgumentNullException.ThrowIfNull(actions);
        foreach (var action in actions)
        {
            var row = fresh.Accounts.FirstOrDefault(a => a.AccountId == action.AccountId)?.Orders.FirstOrDefault(o => o.OrderId == action.After.OrderId);
            if (row is not null && SameState(row, action.Before))
            {
                fresh = Apply(fresh, action.AccountId, action.After);
            }
        }

        return fresh;
    }

    private static bool SameState(BrokerOrder a, BrokerOrder b) =>
        a.RawStatus == b.RawStatus && a.Quantity == b.Quantity && a.FilledQuantity == b.FilledQuantity && a.Price == b.Price && a.TriggerPrice == b.TriggerPrice;

    /// <summary>The snapshot with <paramref name="order"/> in place of the row of the same id on <paramref name="accountId"/>.</summary>
    public static OrdersSnapshot Apply(OrdersSnapshot snapshot, Guid accountId, BrokerOrder order)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(order);
        return snapshot with
        {
            Accounts = snapshot.Accounts.Select(a => a.AccountId != accountId ? a : a with
            {
                Orders = a.Orders.Any(o => o.OrderId == order.OrderId)
                    ? a.Orders.Select(o => o.OrderId == order.OrderId ? order : o).ToList()
                    : [.. a.Orders, order],
            }).ToList(),
        };
    }
}

/// <summary>A cancel or modify the user just made: the row before it and the broker's answer after it.</summary>
public sealed record OrderAction(Guid AccountId, BrokerOrder Before, BrokerOrder After);
