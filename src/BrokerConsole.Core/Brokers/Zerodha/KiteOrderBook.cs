using System.Text.Json;

namespace BrokerConsole.Core.Brokers.Zerodha;

/// <summary>Kite's order book read one order at a time (<see cref="UnreadableOrders"/>).</summary>
internal static class KiteOrderBook
{
    public static IReadOnlyList<BrokerOrder> Read(IReadOnlyList<JsonElement> orders) =>
        UnreadableOrders.MapEach(
            orders,
            element => KiteMapping.ToDomain(element.Deserialize<KiteOrder>(KiteMapping.Json) ?? throw new JsonException("null order")),
            element => UnreadableOrders.Row("Zerodha", Text(element, "order_id"), Text(element, "tradingsymbol"), Text(element, "exchange"), Text(element, "tag")));

    internal static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
