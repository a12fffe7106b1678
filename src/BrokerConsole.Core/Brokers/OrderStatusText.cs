namespace BrokerConsole.Core.Brokers;

/// <summary>An order's status in words a trader reads, for messages and tables.</summary>
public static class OrderStatusText
{
    /// <summary>
    /// The broker's own status word; Fyers sends integers (reference §2.7), which mean nothing on their own, so those read
    /// as the common status with the broker's code beside it, e.g. <c>OPEN (6)</c>.
    /// </summary>
    public static string Describe(BrokerOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.RawStatus.Length == 0 || !order.RawStatus.All(char.IsAsciiDigit))
        {
            return order.RawStatus;
        }

        var word = order.Status == OrderStatus.TriggerPending ? "TRIGGER PENDING" : order.Status.ToString().ToUpperInvariant();
        return $"{word} ({order.RawStatus})";
    }
}
