using System.Globalization;
using BrokerConsole.Core.Brokers.Http;
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

    /// <summary>The order book one order at a time (<see cref="UnreadableOrders"/>).</summary>
    private static List<BrokerOrder> ReadBook(IEnumerable<FyersOrder> orders) => UnreadableOrders.MapEach(orders, ToOrder, o =>
    {
        var (exchange, symbol) = Split(o.Symbol);
        return UnreadableOrders.Row("Fyers", o.Id, symbol, exchange, UserTag(o));
    });

    // User tags come back as "1:<tag>"; untagged orders show "2:Untagged".
    private static string? UserTag(FyersOrder o) => o.OrderTag is { } tag && tag.StartsWith("1:", StringComparison.Ordinal) ? tag[2..] : null;

    private static BrokerOrder ToOrder(FyersOrder o)
    {
        var (exchange, symbol) = Split(o.Symbol);
        var status = WireText.Int(o.Status);
        var userTag = UserTag(o);
        return new BrokerOrder
        {
            OrderId = o.Id ?? "",
            ExchangeOrderId = WireText.NonBlank(o.ExchOrdId),
            Status = Status(status),
            RawStatus = status.ToString(CultureInfo.InvariantCulture),
            StatusMessage = WireText.NonBlank(o.Message),
            TradingSymbol = symbol,
            Exchange = exchange,
            TransactionType = Side(o.Side),
            OrderType = WireText.Int(o.Type) switch { 1 => OrderType.Limit, 2 => OrderType.Market, 3 => OrderType.StopLossMarket, 4 => OrderType.StopLoss, _ => OrderType.Unknown },
            Product = Product(o.ProductType),
            Variety = o.OfflineOrder == "true" ? OrderVariety.Amo : OrderVariety.Regular,
            Validity = o.OrderValidity switch { "DAY" => OrderValidity.Day, "IOC" => OrderValidity.Ioc, _ => OrderValidity.Unknown },
            Quantity = WireText.OrderInt(o.Qty),
            FilledQuantity = WireText.OrderInt(o.FilledQty),
            PendingQuantity = WireText.OrderInt(o.RemainingQuantity),
            DisclosedQuantity = WireText.OrderInt(o.DisclosedQty),
            Price = WireText.OrderDec(o.LimitPrice),
            TriggerPrice = WireText.OrderDec(o.StopPrice),
            AveragePrice = WireText.OrderDec(o.TradedPrice),
            Tag = userTag,
            Tags = userTag is null ? [] : [userTag],
            PlacedAt = IndianTimeOf(o.OrderDateTime),
        };
    }

    private static BrokerTrade ToTrade(FyersTrade t)
    {
        var (exchange, symbol) = Split(t.Symbol);
        return new BrokerTrade
        {
            TradeId = t.TradeNumber ?? "",
            OrderId = t.OrderNumber ?? "",
            ExchangeOrderId = WireText.NonBlank(t.ExchangeOrderNo),
            TradingSymbol = symbol,
            Exchange = exchange,
            InstrumentToken = WireText.Long(t.FyToken),
            Product = Product(t.ProductType),
            TransactionType = Side(t.Side),
            Quantity = WireText.Int(t.TradedQty),
            AveragePrice = WireText.Dec(t.TradePrice),
            FilledAt = IndianTimeOf(t.OrderDateTime),
        };
    }

    private static TransactionType Side(string? side) => WireText.Int(side) switch
    {
        1 => TransactionType.Buy,
        -1 => TransactionType.Sell,
        _ => TransactionType.Unknown,
    };

    private static DateTimeOffset? IndianTimeOf(string? text) =>
        DateTime.TryParseExact(text, _timeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? new DateTimeOffset(at, IndianTime.Offset)
            : null;

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
}
