using System.Globalization;
using System.Text.Json;
using BrokerConsole.Core.Brokers.Http;
using BrokerConsole.Core.Time;

namespace BrokerConsole.Core.Brokers.AngelOne;

/// <summary>SmartAPI wire values ↔ domain values (reference §3.6–3.7).</summary>
internal static class AngelMapping
{
    private static readonly string[] _timeFormats = ["dd-MMM-yyyy HH:mm:ss", "dd-MMM-yyyy H:mm:ss", "yyyy-MM-dd HH:mm:ss", "dd-MM-yyyy HH:mm:ss"];

    public static decimal Dec(string? value) =>
        decimal.TryParse(value, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d) ? d : 0m;

    public static int Int(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : (int)Dec(value);

    public static long Long(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : 0;

    /// <summary>SmartAPI times are IST wall-clock strings without an offset.</summary>
    public static DateTimeOffset? Time(string? value) =>
        DateTime.TryParseExact(value, _timeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? new DateTimeOffset(t, IndianTime.Offset)
            : null;

    public static OrderStatus Status(string? status) => (status ?? "").Trim().ToLowerInvariant() switch
    {
        "complete" => OrderStatus.Complete,
        "open" or "modified" or "not modified" or "not cancelled" => OrderStatus.Open,
        "trigger pending" => OrderStatus.TriggerPending,
        "cancelled" or "cancelled after market order" => OrderStatus.Cancelled,
        "rejected" => OrderStatus.Rejected,
        // open pending, validation pending, put order req received, modify/cancel pending, AMO received, and anything new.
        _ => OrderStatus.Pending,
    };

    public static ProductType Product(string? product) => product?.ToUpperInvariant() switch
    {
        "DELIVERY" => ProductType.Cnc,
        "INTRADAY" => ProductType.Mis,
        "CARRYFORWARD" => ProductType.Nrml,
        "MARGIN" => ProductType.Mtf,
        "BO" => ProductType.Bo,
        _ => ProductType.Unknown,
    };

    public static string ToWire(ProductType product) => product switch
    {
        ProductType.Cnc => "DELIVERY",
        ProductType.Mis => "INTRADAY",
        ProductType.Nrml => "CARRYFORWARD",
        ProductType.Mtf => "MARGIN",
        ProductType.Bo => "BO",
        _ => throw new ArgumentException($"Angel One has no product for {product}.", nameof(product)),
    };

    public static OrderType OrderKind(string? type) => type?.ToUpperInvariant() switch
    {
        "MARKET" => OrderType.Market,
        "LIMIT" => OrderType.Limit,
        "STOPLOSS_LIMIT" => OrderType.StopLoss,
        "STOPLOSS_MARKET" => OrderType.StopLossMarket,
        _ => OrderType.Unknown,
    };

    public static string ToWire(OrderType type) => type switch
    {
        OrderType.Market => "MARKET",
        OrderType.Limit => "LIMIT",
        OrderType.StopLoss => "STOPLOSS_LIMIT",
        OrderType.StopLossMarket => "STOPLOSS_MARKET",
        _ => throw new ArgumentException($"Angel One has no order type for {type}.", nameof(type)),
    };

    public static OrderVariety Variety(string? variety) => variety?.ToUpperInvariant() switch
    {
        "NORMAL" or "STOPLOSS" => OrderVariety.Regular,
        "AMO" => OrderVariety.Amo,
        _ => OrderVariety.Unknown,
    };

    /// <summary>SmartAPI puts stop-loss orders in their own variety; AMO is a variety too.</summary>
    public static string ToWireVariety(OrderVariety variety, OrderType type) => variety switch
    {
        OrderVariety.Amo => "AMO",
        OrderVariety.Regular when type is OrderType.StopLoss or OrderType.StopLossMarket => "STOPLOSS",
        OrderVariety.Regular => "NORMAL",
        _ => throw new ArgumentException($"Angel One has no order variety for {variety}.", nameof(variety)),
    };

    public static TransactionType Side(string? side) => side?.ToUpperInvariant() switch
    {
        "BUY" => TransactionType.Buy,
        "SELL" => TransactionType.Sell,
        _ => TransactionType.Unknown,
    };

    public static OrderValidity Validity(string? duration) => duration?.ToUpperInvariant() switch
    {
        "DAY" => OrderValidity.Day,
        "IOC" => OrderValidity.Ioc,
        _ => OrderValidity.Unknown,
    };

    public static BrokerProfile ToDomain(AngelProfile p) => new()
    {
        UserId = p.ClientCode ?? "",
        UserName = p.Name ?? p.ClientCode ?? "",
        ShortName = (p.Name ?? p.ClientCode ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "",
        Email = string.IsNullOrWhiteSpace(p.Email) ? null : p.Email,
        Broker = string.IsNullOrWhiteSpace(p.Broker) ? "ANGEL" : p.Broker,
        Exchanges = p.Exchanges ?? [],
        Products = p.Products ?? [],
    };

    public static SegmentFunds ToDomain(AngelRms r)
    {
        var utilised = Dec(r.UtilisedDebits);
        return new SegmentFunds
        {
            Segment = FundsSegment.Equity,
            Enabled = true,
            Net = Dec(r.Net),
            AvailableCash = Dec(r.AvailableCash),
            LiveBalance = Dec(r.Net),
            IntradayPayin = Dec(r.AvailableIntradayPayIn),
            Collateral = Dec(r.Collateral),
            Utilised = utilised,
            Span = Dec(r.UtilisedSpan),
            Exposure = Dec(r.UtilisedExposure),
            OptionPremium = Dec(r.UtilisedOptionPremium),
            M2MRealised = Dec(r.M2MRealized),
            M2MUnrealised = Dec(r.M2MUnrealized),
            Payout = Dec(r.UtilisedPayout),
            HoldingSales = Dec(r.UtilisedHoldingSales),
            Turnover = Dec(r.UtilisedTurnover),
        };
    }

    /// <summary>The order book one order at a time (<see cref="UnreadableOrders"/>).</summary>
    public static List<BrokerOrder> ReadBook(IEnumerable<JsonElement> orders) => UnreadableOrders.MapEach(
        orders,
        element => ToDomain(element.Deserialize<AngelOrder>(AngelTransport.Json) ?? throw new JsonException("null order")),
        element => UnreadableOrders.Row("Angel One", Text(element, "orderid"), Text(element, "tradingsymbol"), Text(element, "exchange"), Text(element, "ordertag")));

    /// <summary>The book's records that read as records; one that does not is skipped here (its row says so in the book).</summary>
    public static List<AngelOrder> ReadableWireOrders(IEnumerable<JsonElement> orders)
    {
        var readable = new List<AngelOrder>();
        foreach (var element in orders)
        {
            try
            {
                if (element.Deserialize<AngelOrder>(AngelTransport.Json) is { } order)
                {
                    readable.Add(order);
                }
            }
            catch (JsonException)
            {
                // Not this order; another one may still be the one asked for.
            }
        }

        return readable;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? value.ToString()
            : null;

    public static BrokerOrder ToDomain(AngelOrder o)
    {
        var raw = o.OrderStatus ?? o.Status ?? "";
        var quantity = WireText.OrderInt(o.Quantity);
        var filled = WireText.OrderInt(o.FilledShares);
        var cancelled = WireText.OrderInt(o.CancelSize);
        var status = Status(raw);
        return new BrokerOrder
        {
            OrderId = o.OrderId ?? "",
            ExchangeOrderId = string.IsNullOrWhiteSpace(o.ExchangeOrderId) ? null : o.ExchangeOrderId,
            ParentOrderId = string.IsNullOrWhiteSpace(o.ParentOrderId) ? null : o.ParentOrderId,
            Status = status,
            RawStatus = raw,
            StatusMessage = string.IsNullOrWhiteSpace(o.Text) ? null : o.Text,
            TradingSymbol = o.TradingSymbol ?? "",
            Exchange = o.Exchange ?? "",
            InstrumentToken = Long(o.SymbolToken),
            TransactionType = Side(o.TransactionType),
            OrderType = OrderKind(o.OrderType),
            Product = Product(o.ProductType),
            Variety = Variety(o.Variety),
            Validity = Validity(o.Duration),
            Quantity = quantity,
            FilledQuantity = filled,
            CancelledQuantity = cancelled,
            PendingQuantity = status is OrderStatus.Open or OrderStatus.TriggerPending or OrderStatus.Pending
                ? (o.UnfilledShares is null ? Math.Max(0, quantity - filled) : WireText.OrderInt(o.UnfilledShares))
                : 0,
            DisclosedQuantity = WireText.OrderInt(o.DisclosedQuantity),
            Price = WireText.OrderDec(o.Price),
            TriggerPrice = WireText.OrderDec(o.TriggerPrice),
            AveragePrice = WireText.OrderDec(o.AveragePrice),
            Tag = string.IsNullOrWhiteSpace(o.OrderTag) ? null : o.OrderTag,
            Tags = string.IsNullOrWhiteSpace(o.OrderTag) ? [] : [o.OrderTag],
            PlacedAt = Time(o.UpdateTime),
            ExchangeUpdatedAt = Time(o.ExchOrderUpdateTime),
        };
    }

    public static BrokerTrade ToDomain(AngelTrade t) => new()
    {
        TradeId = t.FillId ?? "",
        OrderId = t.OrderId ?? "",
        TradingSymbol = t.TradingSymbol ?? "",
        Exchange = t.Exchange ?? "",
        InstrumentToken = Long(t.SymbolToken),
        Product = Product(t.ProductType),
        TransactionType = Side(t.TransactionType),
        Quantity = Int(t.FillSize),
        AveragePrice = Dec(t.FillPrice),
    };

    public static Position ToDomain(AngelPosition p)
    {
        var buyQty = Int(p.BuyQty);
        var sellQty = Int(p.SellQty);
        return new Position
        {
            TradingSymbol = p.TradingSymbol ?? "",
            Exchange = p.Exchange ?? "",
            InstrumentToken = Long(p.SymbolToken),
            Product = Product(p.ProductType),
            Quantity = Int(p.NetQty),
            OvernightQuantity = Int(p.CfBuyQty) - Int(p.CfSellQty),
            Multiplier = 1,
            AveragePrice = Dec(p.AvgNetPrice),
            ClosePrice = Dec(p.Close),
            LastPrice = Dec(p.Ltp),
            Value = Dec(p.NetValue),
            Pnl = Dec(p.Pnl),
            BuyQuantity = buyQty,
            BuyPrice = Dec(p.BuyAvgPrice),
            BuyValue = p.BuyAmount is null ? buyQty * Dec(p.BuyAvgPrice) : Dec(p.BuyAmount),
            SellQuantity = sellQty,
            SellPrice = Dec(p.SellAvgPrice),
            SellValue = p.SellAmount is null ? sellQty * Dec(p.SellAvgPrice) : Dec(p.SellAmount),
        };
    }

    public static Holding ToDomain(AngelHolding h) => new()
    {
        TradingSymbol = h.TradingSymbol ?? "",
        Exchange = h.Exchange ?? "",
        InstrumentToken = Long(h.SymbolToken),
        Isin = string.IsNullOrWhiteSpace(h.Isin) ? null : h.Isin,
        Product = Product(h.Product),
        Quantity = Int(h.Quantity),
        T1Quantity = Int(h.T1Quantity),
        RealisedQuantity = Int(h.RealisedQuantity),
        AuthorisedQuantity = Int(h.AuthorisedQuantity),
        CollateralQuantity = Int(h.CollateralQuantity),
        AveragePrice = Dec(h.AveragePrice),
        LastPrice = Dec(h.Ltp),
        ClosePrice = Dec(h.Close),
        Pnl = Dec(h.ProfitAndLoss),
    };
}
