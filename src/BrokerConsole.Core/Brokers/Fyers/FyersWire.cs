using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BrokerConsole.Core.Brokers.Fyers;

// Fyers v3's JSON shapes as on the wire (its names mix camelCase and snake_case, so each is spelled out). Values are
// read as text and parsed by FyersWire: Fyers sends some numbers as strings and some ids as numbers.

internal sealed record FyersProfileAnswer([property: JsonPropertyName("data")] FyersProfile? Data);

internal sealed record FyersProfile(
    [property: JsonPropertyName("fy_id")] string? FyId,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("display_name")] string? DisplayName,
    [property: JsonPropertyName("email_id")] string? EmailId);

internal sealed record FyersFundsAnswer([property: JsonPropertyName("fund_limit")] List<FyersFundRow>? FundLimit);

internal sealed record FyersFundRow(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("equityAmount")] string? EquityAmount,
    [property: JsonPropertyName("commodityAmount")] string? CommodityAmount);

internal sealed record FyersOrderBook([property: JsonPropertyName("orderBook")] List<FyersOrder>? OrderBook);

internal sealed record FyersOrder(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("exchOrdId")] string? ExchOrdId,
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("orderTag")] string? OrderTag,
    [property: JsonPropertyName("side")] string? Side,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("productType")] string? ProductType,
    [property: JsonPropertyName("offlineOrder")] string? OfflineOrder,
    [property: JsonPropertyName("orderValidity")] string? OrderValidity,
    [property: JsonPropertyName("qty")] string? Qty,
    [property: JsonPropertyName("filledQty")] string? FilledQty,
    [property: JsonPropertyName("remainingQuantity")] string? RemainingQuantity,
    [property: JsonPropertyName("disclosedQty")] string? DisclosedQty,
    [property: JsonPropertyName("limitPrice")] string? LimitPrice,
    [property: JsonPropertyName("stopPrice")] string? StopPrice,
    [property: JsonPropertyName("tradedPrice")] string? TradedPrice,
    [property: JsonPropertyName("orderDateTime")] string? OrderDateTime);

internal sealed record FyersTradeBook([property: JsonPropertyName("tradeBook")] List<FyersTrade>? TradeBook);

internal sealed record FyersTrade(
    [property: JsonPropertyName("tradeNumber")] string? TradeNumber,
    [property: JsonPropertyName("orderNumber")] string? OrderNumber,
    [property: JsonPropertyName("exchangeOrderNo")] string? ExchangeOrderNo,
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("fyToken")] string? FyToken,
    [property: JsonPropertyName("productType")] string? ProductType,
    [property: JsonPropertyName("side")] string? Side,
    [property: JsonPropertyName("tradedQty")] string? TradedQty,
    [property: JsonPropertyName("tradePrice")] string? TradePrice,
    [property: JsonPropertyName("orderDateTime")] string? OrderDateTime);

internal sealed record FyersPositionsAnswer([property: JsonPropertyName("netPositions")] List<FyersPosition>? NetPositions);

internal sealed record FyersPosition(
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("fyToken")] string? FyToken,
    [property: JsonPropertyName("productType")] string? ProductType,
    [property: JsonPropertyName("netQty")] string? NetQty,
    [property: JsonPropertyName("netAvg")] string? NetAvg,
    [property: JsonPropertyName("ltp")] string? Ltp,
    [property: JsonPropertyName("pl")] string? Pl,
    [property: JsonPropertyName("realized_profit")] string? RealizedProfit,
    [property: JsonPropertyName("unrealized_profit")] string? UnrealizedProfit,
    [property: JsonPropertyName("buyQty")] string? BuyQty,
    [property: JsonPropertyName("buyAvg")] string? BuyAvg,
    [property: JsonPropertyName("buyVal")] string? BuyVal,
    [property: JsonPropertyName("sellQty")] string? SellQty,
    [property: JsonPropertyName("sellAvg")] string? SellAvg,
    [property: JsonPropertyName("sellVal")] string? SellVal);

internal sealed record FyersHoldingsAnswer([property: JsonPropertyName("holdings")] List<FyersHolding>? Holdings);

internal sealed record FyersHolding(
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("isin")] string? Isin,
    [property: JsonPropertyName("quantity")] string? Quantity,
    [property: JsonPropertyName("qty_t1")] string? QtyT1,
    [property: JsonPropertyName("collateralQuantity")] string? CollateralQuantity,
    [property: JsonPropertyName("costPrice")] string? CostPrice,
    [property: JsonPropertyName("ltp")] string? Ltp,
    [property: JsonPropertyName("pl")] string? Pl);

internal sealed record FyersQuotesAnswer([property: JsonPropertyName("d")] List<FyersQuote>? D);

internal sealed record FyersQuote(
    [property: JsonPropertyName("s")] string? S,
    [property: JsonPropertyName("n")] string? N,
    [property: JsonPropertyName("v")] FyersQuoteValues? V);

internal sealed record FyersQuoteValues(
    [property: JsonPropertyName("fyToken")] string? FyToken,
    [property: JsonPropertyName("lp")] string? Lp);

/// <summary>What place, modify and cancel answer: the order's id.</summary>
internal sealed record FyersOrderAnswer([property: JsonPropertyName("id")] string? Id);

/// <summary>The token exchange's answer.</summary>
internal sealed record FyersTokenAnswer([property: JsonPropertyName("access_token")] string? AccessToken)
{
    public override string ToString() => "FyersTokenAnswer { access_token = [redacted] }";
}

/// <summary>Reading Fyers' answers into the records above, and its text values into numbers.</summary>
internal static class FyersWire
{
    private static readonly JsonSerializerOptions _options = new() { Converters = { new FyersText() } };

    /// <summary>The answer as <typeparamref name="T"/>; a shape that does not fit is the caller's "malformed".</summary>
    public static T? Read<T>(JsonElement root)
        where T : class
    {
        try
        {
            return root.ValueKind == JsonValueKind.Object ? root.Deserialize<T>(_options) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static decimal Dec(string? value) =>
        decimal.TryParse(value, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d) ? d : 0m;

    public static int Int(string? value) => (int)Dec(value);

    public static long Long(string? value) => long.TryParse(value, out var l) ? l : 0;

    /// <summary>Text blank or absent is no value (Fyers sends "" for an empty exchange id or message).</summary>
    public static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>A string, number or boolean as its text; an object or array where a value was expected is no value.</summary>
    private sealed class FyersText : JsonConverter<string>
    {
        public override bool HandleNull => true;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    return reader.GetString();
                case JsonTokenType.Number:
                    return System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                case JsonTokenType.True:
                    return "true";
                case JsonTokenType.False:
                    return "false";
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    reader.Skip();
                    return null;
                default:
                    return null;
            }
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WriteStringValue(value);
        }
    }
}
