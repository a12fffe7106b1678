using System.Text.Json;

namespace BrokerConsole.Core.Brokers.Zerodha;

/// <summary>
/// Kite's order book read one order at a time: an order with a value that does not parse (a price that is not a
/// number, a quantity out of range) becomes one <see cref="BrokerOrder.IsUnreadable"/> row with what can be read of
/// it (id, symbol, tag), instead of making the whole book, and every reconciliation that needs it, fail.
/// </summary>
internal static class KiteOrderBook
{
    public static IReadOnlyList<BrokerOrder> Read(IReadOnlyList<JsonElement> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var book = new List<BrokerOrder>(orders.Count);
        foreach (var element in orders)
        {
            try
            {
                book.Add(KiteMapping.ToDomain(element.Deserialize<KiteOrder>(KiteMapping.Json) ?? throw new JsonException("null order")));
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or OverflowException)
            {
                book.Add(Unreadable(element));
            }
        }

        return book;
    }

    private static BrokerOrder Unreadable(JsonElement element)
    {
        var tag = Text(element, "tag");
        return new BrokerOrder
        {
            OrderId = Text(element, "order_id") ?? "",
            Status = OrderStatus.Unknown,
            RawStatus = "UNREADABLE",
            StatusMessage = "Zerodha sent this order with a value BrokerConsole cannot read; check it in Kite.",
            TradingSymbol = Text(element, "tradingsymbol") ?? "",
            Exchange = Text(element, "exchange") ?? "",
            Tag = tag,
            Tags = tag is null ? [] : [tag],
            IsUnreadable = true,
        };
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
