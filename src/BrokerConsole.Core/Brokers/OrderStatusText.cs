namespace BrokerConsole.Core.Brokers;

/// <summary>
/// An order's status in the same words for every broker ("Open", "Complete", "Rejected", …), for messages and tables.
/// Brokers spell their statuses differently (Kite OPEN, Angel One open, Dhan PENDING/TRADED, Fyers 6/2), so the
/// common status is shown and the broker's own word goes in a tooltip (<see cref="BrokerWord"/>).
/// </summary>
public static class OrderStatusText
{
    public static string Describe(BrokerOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return Word(order.Status);
    }

    /// <summary>The common word for a status; never an enum name.</summary>
    public static string Word(OrderStatus status) => status switch
    {
        OrderStatus.Open => "Open",
        OrderStatus.Complete => "Complete",
        OrderStatus.Cancelled => "Cancelled",
        OrderStatus.Rejected => "Rejected",
        OrderStatus.TriggerPending => "Trigger pending",
        OrderStatus.Pending => "Pending",
        OrderStatus.Modified => "Modified",
        _ => "Unknown",
    };

    /// <summary>The common word for a status as a Kite postback spells it (e.g. COMPLETE → Complete).</summary>
    public static string KiteWord(string? raw) => Word(Zerodha.KiteMapping.ParseStatus(raw));

    /// <summary>The broker's own status word, for the tooltip beside <see cref="Describe"/>.</summary>
    public static string BrokerWord(BrokerOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return string.IsNullOrWhiteSpace(order.RawStatus) ? "The broker sent no status" : "Broker status: " + order.RawStatus;
    }
}
