using BrokerConsole.Core.Brokers;

namespace BrokerConsole.Core.Orders;

/// <summary>The words of a placement's outcome, shared by single orders and run items whose status is read from the book later.</summary>
public static class PlacementMessages
{
    public static string Placed(string orderId, BrokerOrder? order) => order switch
    {
        { Status: OrderStatus.Rejected } => $"Order {orderId} was registered but REJECTED: {order.StatusMessage ?? "no reason given"}.",
        not null => $"Placed: order {orderId}, status {OrderStatusText.Describe(order)}.",
        _ => $"Placed: order {orderId}.",
    };

    /// <summary>
    /// A placement acknowledged without its status, completed with the order as a later book read shows it (a rejection by
    /// the broker's RMS is seen there). The answer was the broker's acknowledgement, so only the order and words change.
    /// </summary>
    public static PlacementResult WithBookStatus(PlacementResult result, IReadOnlyCollection<BrokerOrder> book)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(book);
        if (result is not { Outcome: PlacementOutcome.Placed, Order: null, OrderId: { } orderId }
            || book.FirstOrDefault(o => o.OrderId == orderId) is not { } order)
        {
            return result;
        }

        return result with { Order = order, Message = Placed(orderId, order) };
    }

    internal static string Trim(string text) => text.Length <= 300 ? text : text[..300];
}
