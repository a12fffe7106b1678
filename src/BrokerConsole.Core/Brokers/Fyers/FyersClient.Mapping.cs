using System.Globalization;
using System.Text.Json;
using BrokerConsole.Core.Time;

namespace BrokerConsole.Core.Brokers.Fyers;

/// <summary>Fyers' wire values (symbols, order types, status codes, JSON fields) to and from the app's models.</summary>
public sealed partial class FyersClient
{
    /// <summary>NSE:INFY → NSE:INFY-EQ (cash equities carry their series); anything already suffixed is kept.</summary>
    internal static string ToFyersSymbol(InstrumentKey key)
    {
        var exchange = key.Exchange.ToUpperInvariant();
        var symbol = key.TradingSymbol.ToUpperInvariant();
        return exchange is "NSE" or "BSE" && !symbol.Contains('-', StringComparison.Ordinal) ? $"{exchange}:{symbol}-EQ" : $"{exchange}:{symbol}";
    }

    private static int ToWireType(OrderType type) => type switch
    {
        OrderType.Limit => 1,
        OrderType.Market => 2,
        OrderType.StopLossMarket => 3,
        OrderType.StopLoss => 4,
        _ => throw new ArgumentException($"Fyers has no order type for {type}.", nameof(type)),
    };

    internal static OrderStatus Status(int status) => status switch
    {
        1 => OrderStatus.Cancelled,
        2 => OrderStatus.Complete,
        4 => OrderStatus.Pending,
        5 => OrderStatus.Rejected,
        6 => OrderStatus.Open,
        7 => OrderStatus.Cancelled,
        _ => OrderStatus.Unknown,
    };

    private static BrokerOrder ToOrder(JsonElement o)
    {
        var (exchange, symbol) = Split(Str(o, "symbol"));
        var status = Int(o, "status");
        var tag = Str(o, "orderTag");
        // User tags come back as "1:<tag>"; untagged orders show "2:Untagged".
        var userTag = tag is not null && tag.StartsWith("1:", StringComparison.Ordinal) ? tag[2..] : null;
        return new BrokerOrder
        {
            OrderId = Str(o, "id") ?? "",
            ExchangeOrderId = string.IsNullOrWhiteSpace(Str(o, "exchOrdId")) ? null : Str(o, "exchOrdId"),
            Status = Status(status),
            RawStatus = status.ToString(CultureInfo.InvariantCulture),
            StatusMessage = string.IsNullOrWhiteSpace(Str(o, "message")) ? null : Str(o, "message"),
            TradingSymbol = symbol,
            Exchange = exchange,
            TransactionType = Int(o, "side") switch { 1 => TransactionType.Buy, -1 => TransactionType.Sell, _ => TransactionType.Unknown },
            OrderType = Int(o, "type") switch { 1 => OrderType.Limit, 2 => OrderType.Market, 3 => OrderType.StopLossMarket, 4 => OrderType.StopLoss, _ => OrderType.Unknown },
            Product = Product(Str(o, "productType")),
            Variety = o.TryGetProperty("offlineOrder", out var amo) && amo.ValueKind == JsonValueKind.True ? OrderVariety.Amo : OrderVariety.Regular,
            Validity = Str(o, "orderValidity") switch { "DAY" => OrderValidity.Day, "IOC" => OrderValidity.Ioc, _ => OrderValidity.Unknown },
            Quantity = Int(o, "qty"),
            FilledQuantity = Int(o, "filledQty"),
            PendingQuantity = Int(o, "remainingQuantity"),
            DisclosedQuantity = Int(o, "disclosedQty"),
            Price = Dec(o, "limitPrice"),
            TriggerPrice = Dec(o, "stopPrice"),
            AveragePrice = Dec(o, "tradedPrice"),
            Tag = userTag,
            Tags = userTag is null ? [] : [userTag],
            PlacedAt = DateTime.TryParseExact(Str(o, "orderDateTime"), _timeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
                ? new DateTimeOffset(t, IndianTime.Offset)
                : null,
        };
    }

    private static BrokerTrade ToTrade(JsonElement t)
    {
        var (exchange, symbol) = Split(Str(t, "symbol"));
        return new BrokerTrade
        {
            TradeId = Str(t, "tradeNumber") ?? "",
            OrderId = Str(t, "orderNumber") ?? "",
            ExchangeOrderId = string.IsNullOrWhiteSpace(Str(t, "exchangeOrderNo")) ? null : Str(t, "exchangeOrderNo"),
            TradingSymbol = symbol,
            Exchange = exchange,
            InstrumentToken = long.TryParse(Str(t, "fyToken"), out var token) ? token : 0,
            Product = Product(Str(t, "productType")),
            TransactionType = Int(t, "side") switch { 1 => TransactionType.Buy, -1 => TransactionType.Sell, _ => TransactionType.Unknown },
            Quantity = Int(t, "tradedQty"),
            AveragePrice = Dec(t, "tradePrice"),
            FilledAt = DateTime.TryParseExact(Str(t, "orderDateTime"), _timeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                ? new DateTimeOffset(at, IndianTime.Offset)
                : null,
        };
    }

    private static ProductType Product(string? product) => product switch
    {
        "CNC" => ProductType.Cnc,
        "INTRADAY" => ProductType.Mis,
        "MARGIN" => ProductType.Nrml,
        "MTF" => ProductType.Mtf,
        "CO" => ProductType.Co,
        "BO" => ProductType.Bo,
        _ => ProductType.Unknown,
    };

    private static (string Exchange, string Symbol) Split(string? fyersSymbol)
    {
        var colon = fyersSymbol?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 ? (fyersSymbol![..colon], fyersSymbol[(colon + 1)..]) : ("", fyersSymbol ?? "");
    }

    internal static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    private static decimal Dec(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && (v.ValueKind == JsonValueKind.Number ? v.TryGetDecimal(out var d)
            : decimal.TryParse(v.ValueKind == JsonValueKind.String ? v.GetString() : null, NumberStyles.Number, CultureInfo.InvariantCulture, out d)) ? d : 0m;

    private static int Int(JsonElement e, string name) => (int)Dec(e, name);

    private static List<JsonElement> Array(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? [.. v.EnumerateArray()] : [];
}
