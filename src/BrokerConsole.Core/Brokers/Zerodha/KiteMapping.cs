using System.Globalization;
using System.Text.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Time;

namespace BrokerConsole.Core.Brokers.Zerodha;

/// <summary>Wire ↔ domain: Kite's strings and snake_case objects to the common records, and back for requests.</summary>
internal static class KiteMapping
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = false,
    };

    /// <summary>Kite timestamps are <c>yyyy-MM-dd HH:mm:ss</c> in IST with no zone suffix.</summary>
    public static DateTimeOffset? ParseIst(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, IndianTime.Offset)
            : null;
    }

    public static OrderStatus ParseStatus(string? status) => status switch
    {
        "OPEN" => OrderStatus.Open,
        "COMPLETE" => OrderStatus.Complete,
        "CANCELLED" => OrderStatus.Cancelled,
        "REJECTED" => OrderStatus.Rejected,
        "TRIGGER PENDING" => OrderStatus.TriggerPending,
        "MODIFIED" => OrderStatus.Modified,
        "PUT ORDER REQ RECEIVED" or "VALIDATION PENDING" or "OPEN PENDING" or "MODIFY VALIDATION PENDING"
            or "MODIFY PENDING" or "CANCEL PENDING" or "AMO REQ RECEIVED" => OrderStatus.Pending,
        _ => OrderStatus.Unknown,
    };

    public static TransactionType ParseSide(string? value) => value switch
    {
        "BUY" => TransactionType.Buy,
        "SELL" => TransactionType.Sell,
        _ => TransactionType.Unknown,
    };

    public static string ToWire(TransactionType value) => value switch
    {
        TransactionType.Buy => "BUY",
        TransactionType.Sell => "SELL",
        _ => throw new ArgumentException("Choose buy or sell.", nameof(value)),
    };

    public static OrderType ParseOrderType(string? value) => value switch
    {
        "MARKET" => OrderType.Market,
        "LIMIT" => OrderType.Limit,
        "SL" => OrderType.StopLoss,
        "SL-M" => OrderType.StopLossMarket,
        _ => OrderType.Unknown,
    };

    public static string ToWire(OrderType value) => value switch
    {
        OrderType.Market => "MARKET",
        OrderType.Limit => "LIMIT",
        OrderType.StopLoss => "SL",
        OrderType.StopLossMarket => "SL-M",
        _ => throw new ArgumentException("Choose an order type.", nameof(value)),
    };

    public static ProductType ParseProduct(string? value) => value switch
    {
        "CNC" => ProductType.Cnc,
        "MIS" => ProductType.Mis,
        "NRML" => ProductType.Nrml,
        "MTF" => ProductType.Mtf,
        "CO" => ProductType.Co,
        "BO" => ProductType.Bo,
        _ => ProductType.Unknown,
    };

    public static string ToWire(ProductType value) => value switch
    {
        ProductType.Cnc => "CNC",
        ProductType.Mis => "MIS",
        ProductType.Nrml => "NRML",
        ProductType.Mtf => "MTF",
        ProductType.Co => "CO",
        ProductType.Bo => "BO",
        _ => throw new ArgumentException("Choose a product.", nameof(value)),
    };

    public static OrderVariety ParseVariety(string? value) => value switch
    {
        "regular" => OrderVariety.Regular,
        "amo" => OrderVariety.Amo,
        "co" => OrderVariety.Co,
        "iceberg" => OrderVariety.Iceberg,
        "auction" => OrderVariety.Auction,
        _ => OrderVariety.Unknown,
    };

    public static string ToWire(OrderVariety value) => value switch
    {
        OrderVariety.Regular => "regular",
        OrderVariety.Amo => "amo",
        OrderVariety.Co => "co",
        OrderVariety.Iceberg => "iceberg",
        OrderVariety.Auction => "auction",
        _ => throw new ArgumentException("Choose an order variety.", nameof(value)),
    };

    public static OrderValidity ParseValidity(string? value) => value switch
    {
        "DAY" => OrderValidity.Day,
        "IOC" => OrderValidity.Ioc,
        "TTL" => OrderValidity.Ttl,
        _ => OrderValidity.Unknown,
    };

    public static string ToWire(OrderValidity value) => value switch
    {
        OrderValidity.Day => "DAY",
        OrderValidity.Ioc => "IOC",
        OrderValidity.Ttl => "TTL",
        _ => throw new ArgumentException("Choose a validity.", nameof(value)),
    };

    public static string ToWire(FundsSegment segment) => segment switch
    {
        FundsSegment.Equity => "equity",
        FundsSegment.Commodity => "commodity",
        _ => throw new ArgumentOutOfRangeException(nameof(segment)),
    };

    public static string Decimal(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static BrokerProfile ToDomain(KiteProfile wire) => new()
    {
        UserId = wire.UserId ?? "",
        UserName = wire.UserName ?? "",
        ShortName = wire.UserShortname ?? "",
        Email = wire.Email,
        UserType = wire.UserType,
        Broker = wire.Broker ?? "ZERODHA",
        Exchanges = wire.Exchanges ?? [],
        Products = wire.Products ?? [],
        OrderTypes = wire.OrderTypes ?? [],
        AvatarUrl = wire.AvatarUrl,
    };

    public static SessionGrant ToDomain(KiteSession wire) => new()
    {
        BrokerKind = BrokerKind.Zerodha,
        AccessToken = wire.AccessToken ?? "",
        UserId = wire.UserId ?? "",
        UserName = wire.UserName,
        ShortName = wire.UserShortname,
        Email = wire.Email,
        UserType = wire.UserType,
        Broker = wire.Broker,
        LoginTime = ParseIst(wire.LoginTime),
        PublicToken = wire.PublicToken,
    };

    public static SegmentFunds ToDomain(FundsSegment segment, KiteSegmentMargins wire)
    {
        var available = wire.Available ?? new KiteAvailableMargins();
        var utilised = wire.Utilised ?? new KiteUtilisedMargins();
        return new SegmentFunds
        {
            Segment = segment,
            Enabled = wire.Enabled,
            Net = wire.Net,
            AvailableCash = available.Cash,
            OpeningBalance = available.OpeningBalance,
            LiveBalance = available.LiveBalance,
            IntradayPayin = available.IntradayPayin,
            AdhocMargin = available.AdhocMargin,
            Collateral = available.Collateral,
            Utilised = utilised.Debits,
            Span = utilised.Span,
            Exposure = utilised.Exposure,
            OptionPremium = utilised.OptionPremium,
            M2MRealised = utilised.M2MRealised,
            M2MUnrealised = utilised.M2MUnrealised,
            Payout = utilised.Payout,
            Delivery = utilised.Delivery,
            HoldingSales = utilised.HoldingSales,
            Turnover = utilised.Turnover,
            LiquidCollateral = utilised.LiquidCollateral,
            StockCollateral = utilised.StockCollateral,
        };
    }

    public static BrokerOrder ToDomain(KiteOrder wire) => new()
    {
        OrderId = wire.OrderId ?? "",
        ExchangeOrderId = wire.ExchangeOrderId,
        ParentOrderId = wire.ParentOrderId,
        Status = ParseStatus(wire.Status),
        RawStatus = wire.Status ?? "",
        StatusMessage = wire.StatusMessage,
        TradingSymbol = wire.Tradingsymbol ?? "",
        Exchange = wire.Exchange ?? "",
        InstrumentToken = wire.InstrumentToken,
        TransactionType = ParseSide(wire.TransactionType),
        OrderType = ParseOrderType(wire.OrderType),
        Product = ParseProduct(wire.Product),
        Variety = ParseVariety(wire.Variety),
        Validity = ParseValidity(wire.Validity),
        Quantity = wire.Quantity,
        PendingQuantity = wire.PendingQuantity,
        FilledQuantity = wire.FilledQuantity,
        CancelledQuantity = wire.CancelledQuantity,
        DisclosedQuantity = wire.DisclosedQuantity,
        Price = wire.Price,
        TriggerPrice = wire.TriggerPrice,
        AveragePrice = wire.AveragePrice,
        Tag = wire.Tag,
        Tags = wire.Tags ?? [],
        PlacedBy = wire.PlacedBy,
        Modified = wire.Modified,
        PlacedAt = ParseIst(wire.OrderTimestamp),
        ExchangeTimestamp = ParseIst(wire.ExchangeTimestamp),
        ExchangeUpdatedAt = ParseIst(wire.ExchangeUpdateTimestamp),
    };

    public static BrokerTrade ToDomain(KiteTrade wire) => new()
    {
        TradeId = wire.TradeId ?? "",
        OrderId = wire.OrderId ?? "",
        ExchangeOrderId = wire.ExchangeOrderId,
        TradingSymbol = wire.Tradingsymbol ?? "",
        Exchange = wire.Exchange ?? "",
        InstrumentToken = wire.InstrumentToken,
        Product = ParseProduct(wire.Product),
        TransactionType = ParseSide(wire.TransactionType),
        Quantity = wire.Quantity,
        AveragePrice = wire.AveragePrice,
        // Kite's trade order_timestamp is time-only; fill_timestamp is the full one.
        FilledAt = ParseIst(wire.FillTimestamp),
        ExchangeTimestamp = ParseIst(wire.ExchangeTimestamp),
    };

    public static Position ToDomain(KitePosition wire) => new()
    {
        TradingSymbol = wire.Tradingsymbol ?? "",
        Exchange = wire.Exchange ?? "",
        InstrumentToken = wire.InstrumentToken,
        Product = ParseProduct(wire.Product),
        Quantity = wire.Quantity,
        OvernightQuantity = wire.OvernightQuantity,
        Multiplier = wire.Multiplier,
        AveragePrice = wire.AveragePrice,
        ClosePrice = wire.ClosePrice,
        LastPrice = wire.LastPrice,
        Value = wire.Value,
        Pnl = wire.Pnl,
        M2M = wire.M2M,
        Realised = wire.Realised,
        Unrealised = wire.Unrealised,
        BuyQuantity = wire.BuyQuantity,
        BuyPrice = wire.BuyPrice,
        BuyValue = wire.BuyValue,
        SellQuantity = wire.SellQuantity,
        SellPrice = wire.SellPrice,
        SellValue = wire.SellValue,
        DayBuyQuantity = wire.DayBuyQuantity,
        DayBuyValue = wire.DayBuyValue,
        DaySellQuantity = wire.DaySellQuantity,
        DaySellValue = wire.DaySellValue,
    };

    public static Holding ToDomain(KiteHolding wire) => new()
    {
        TradingSymbol = wire.Tradingsymbol ?? "",
        Exchange = wire.Exchange ?? "",
        InstrumentToken = wire.InstrumentToken,
        Isin = wire.Isin,
        Product = ParseProduct(wire.Product),
        Quantity = wire.Quantity,
        T1Quantity = wire.T1Quantity,
        UsedQuantity = wire.UsedQuantity,
        RealisedQuantity = wire.RealisedQuantity,
        AuthorisedQuantity = wire.AuthorisedQuantity,
        OpeningQuantity = wire.OpeningQuantity,
        ShortQuantity = wire.ShortQuantity,
        CollateralQuantity = wire.CollateralQuantity,
        AveragePrice = wire.AveragePrice,
        LastPrice = wire.LastPrice,
        ClosePrice = wire.ClosePrice,
        Pnl = wire.Pnl,
        DayChange = wire.DayChange,
        DayChangePercentage = wire.DayChangePercentage,
        MtfQuantity = wire.Mtf?.Quantity ?? 0,
        MtfAveragePrice = wire.Mtf?.AveragePrice ?? 0,
        MtfValue = wire.Mtf?.Value ?? 0,
    };

    public static Ohlc ToDomain(KiteOhlc? wire) =>
        wire is null ? new Ohlc(0, 0, 0, 0) : new Ohlc(wire.Open, wire.High, wire.Low, wire.Close);

    public static Quote ToDomain(InstrumentKey key, KiteQuote wire) => new()
    {
        Instrument = key,
        InstrumentToken = wire.InstrumentToken,
        Timestamp = ParseIst(wire.Timestamp),
        LastTradeTime = ParseIst(wire.LastTradeTime),
        LastPrice = wire.LastPrice,
        LastQuantity = wire.LastQuantity,
        BuyQuantity = wire.BuyQuantity,
        SellQuantity = wire.SellQuantity,
        Volume = wire.Volume,
        AveragePrice = wire.AveragePrice,
        OpenInterest = wire.Oi,
        NetChange = wire.NetChange,
        LowerCircuitLimit = wire.LowerCircuitLimit,
        UpperCircuitLimit = wire.UpperCircuitLimit,
        Ohlc = ToDomain(wire.Ohlc),
        BuyDepth = wire.Depth?.Buy?.Select(d => new DepthLevel(d.Price, d.Quantity, d.Orders)).ToList() ?? [],
        SellDepth = wire.Depth?.Sell?.Select(d => new DepthLevel(d.Price, d.Quantity, d.Orders)).ToList() ?? [],
    };
}
