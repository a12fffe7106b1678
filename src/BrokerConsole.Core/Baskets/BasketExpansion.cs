using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Scheduling;

namespace BrokerConsole.Core.Baskets;

/// <summary>One (account, order) of a saved basket as a scheduled run places it, or why it is skipped.</summary>
/// <param name="AccountId">The target account.</param>
/// <param name="LegIndex">The basket leg's position (the run item's order index, and part of its tag).</param>
/// <param name="Order">The leg with this account's quantity.</param>
/// <param name="Problem">Set when the quantity rule gives this account nothing valid: the item is recorded as skipped.</param>
public sealed record ExpandedBasketItem(Guid AccountId, int LegIndex, ScheduledOrder Order, string? Problem);

/// <summary>
/// A saved basket's legs and targets as a schedule's run needs them, worked out when the run is created (so the basket's
/// latest legs, accounts and quantities are what runs): every (account, leg) with the quantity rule applied, whole lots
/// by the instrument's lot size as the preview does. Accounts no longer the owner's are left out, as the preview leaves
/// them out. Pure: session and instrument checks happen where they do for every run item (the executor, the broker).
/// </summary>
public static class BasketExpansion
{
    /// <param name="basket">The saved basket.</param>
    /// <param name="ownedAccounts">The owner's accounts now, with their broker (for the lot size at that broker).</param>
    /// <param name="index">The instrument catalog (empty when no master is loaded: lot size 1, as a single order would go).</param>
    public static IReadOnlyList<ExpandedBasketItem> Expand(Basket basket, IReadOnlyDictionary<Guid, BrokerKind> ownedAccounts, InstrumentIndex index)
    {
        ArgumentNullException.ThrowIfNull(basket);
        ArgumentNullException.ThrowIfNull(ownedAccounts);
        ArgumentNullException.ThrowIfNull(index);
        var items = new List<ExpandedBasketItem>();
        foreach (var target in basket.Targets.DistinctBy(t => t.AccountId))
        {
            if (!ownedAccounts.TryGetValue(target.AccountId, out var broker))
            {
                continue;
            }

            for (var legIndex = 0; legIndex < basket.Legs.Count; legIndex++)
            {
                var leg = basket.Legs[legIndex];
                var lot = index.FindForOrder(broker, leg.Exchange, leg.TradingSymbol)?.LotSize ?? 1;
                var quantity = BasketQuantity.For(basket.QuantityRule, target, leg.Quantity, legIndex, lot);
                // A copy per item (EF tracks an owned instance under one owner), with this account's quantity.
                var order = ScheduledOrder.From(leg.ToTicket(target.AccountId) with { Quantity = Math.Max(quantity.Quantity, 0) });
                items.Add(new ExpandedBasketItem(target.AccountId, legIndex, order, quantity.Problem));
            }
        }

        return items;
    }
}
