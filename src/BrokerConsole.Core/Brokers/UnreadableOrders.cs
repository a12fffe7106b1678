namespace BrokerConsole.Core.Brokers;

/// <summary>
/// One order in a broker's book with a value that does not parse (a price that is not a number, a quantity out of range)
/// becomes one <see cref="BrokerOrder.IsUnreadable"/> row with what can be read of it: id, symbol and tag, so the rest of
/// the book still loads and reconciliation by tag still finds it. Never a made-up price or quantity of 0.
/// </summary>
internal static class UnreadableOrders
{
    public const string RawStatus = "UNREADABLE";

    /// <summary>Maps each order on its own; the ones that throw a parse error become unreadable rows.</summary>
    public static List<BrokerOrder> MapEach<TWire>(IEnumerable<TWire> orders, Func<TWire, BrokerOrder> map, Func<TWire, BrokerOrder> unreadable)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var book = new List<BrokerOrder>();
        foreach (var order in orders)
        {
            try
            {
                book.Add(map(order));
            }
            catch (Exception ex) when (IsParseError(ex))
            {
                book.Add(unreadable(order));
            }
        }

        return book;
    }

    public static bool IsParseError(Exception ex) =>
        ex is System.Text.Json.JsonException or FormatException or InvalidOperationException or OverflowException;

    /// <summary>The row for an order that did not read: what could be read of it, and where to look it up.</summary>
    public static BrokerOrder Row(string brokerName, string? orderId, string? tradingSymbol, string? exchange, string? tag) => new()
    {
        OrderId = orderId ?? "",
        Status = OrderStatus.Unknown,
        RawStatus = RawStatus,
        StatusMessage = $"{brokerName} sent this order with a value BrokerConsole cannot read; check it with {brokerName}.",
        TradingSymbol = tradingSymbol ?? "",
        Exchange = exchange ?? "",
        Tag = string.IsNullOrWhiteSpace(tag) ? null : tag,
        Tags = string.IsNullOrWhiteSpace(tag) ? [] : [tag],
        IsUnreadable = true,
    };
}
