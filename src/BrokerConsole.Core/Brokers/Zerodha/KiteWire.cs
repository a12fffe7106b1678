using System.Text.Json.Serialization;

namespace BrokerConsole.Core.Brokers.Zerodha;

// Kite's JSON shapes, exactly as on the wire (snake_case via KiteJson.Options). Internal: the rest of
// the app sees only the domain records in BrokerConsole.Core.Brokers.

internal sealed class KiteEnvelope<T>
{
    public string? Status { get; init; }

    public T? Data { get; init; }

    public string? Message { get; init; }

    public string? ErrorType { get; init; }
}

internal sealed class KiteErrorEnvelope
{
    public string? Status { get; init; }

    public string? Message { get; init; }

    public string? ErrorType { get; init; }
}

internal sealed class KiteProfile
{
    public string? UserId { get; init; }

    public string? UserType { get; init; }

    public string? Email { get; init; }

    public string? UserName { get; init; }

    public string? UserShortname { get; init; }

    public string? Broker { get; init; }

    public List<string>? Exchanges { get; init; }

    public List<string>? Products { get; init; }

    public List<string>? OrderTypes { get; init; }

    public string? AvatarUrl { get; init; }
}

internal sealed class KiteSession
{
    public string? UserId { get; init; }

    public string? UserType { get; init; }

    public string? Email { get; init; }

    public string? UserName { get; init; }

    public string? UserShortname { get; init; }

    public string? Broker { get; init; }

    public string? AccessToken { get; init; }

    public string? PublicToken { get; init; }

    public string? LoginTime { get; init; }
}

internal sealed class KiteSegmentMargins
{
    public bool Enabled { get; init; }

    public decimal Net { get; init; }

    public KiteAvailableMargins? Available { get; init; }

    public KiteUtilisedMargins? Utilised { get; init; }
}

internal sealed class KiteAvailableMargins
{
    public decimal AdhocMargin { get; init; }

    public decimal Cash { get; init; }

    public decimal OpeningBalance { get; init; }

    public decimal LiveBalance { get; init; }

    public decimal Collateral { get; init; }

    public decimal IntradayPayin { get; init; }
}

internal sealed class KiteUtilisedMargins
{
    public decimal Debits { get; init; }

    public decimal Exposure { get; init; }

    [JsonPropertyName("m2m_realised")]
    public decimal M2MRealised { get; init; }

    [JsonPropertyName("m2m_unrealised")]
    public decimal M2MUnrealised { get; init; }

    public decimal OptionPremium { get; init; }

    public decimal Payout { get; init; }

    public decimal Span { get; init; }

    public decimal HoldingSales { get; init; }

    public decimal Turnover { get; init; }

    public decimal LiquidCollateral { get; init; }

    public decimal StockCollateral { get; init; }

    public decimal Delivery { get; init; }
}

internal sealed class KiteAllMargins
{
    public KiteSegmentMargins? Equity { get; init; }

    public KiteSegmentMargins? Commodity { get; init; }
}

internal sealed class KiteOrder
{
    public string? OrderId { get; init; }

    public string? ExchangeOrderId { get; init; }

    public string? ParentOrderId { get; init; }

    public string? PlacedBy { get; init; }

    public string? Status { get; init; }

    public string? StatusMessage { get; init; }

    public string? OrderTimestamp { get; init; }

    public string? ExchangeTimestamp { get; init; }

    public string? ExchangeUpdateTimestamp { get; init; }

    public string? Variety { get; init; }

    public bool Modified { get; init; }

    public string? Exchange { get; init; }

    public string? Tradingsymbol { get; init; }

    public long InstrumentToken { get; init; }

    public string? OrderType { get; init; }

    public string? TransactionType { get; init; }

    public string? Validity { get; init; }

    public string? Product { get; init; }

    public int Quantity { get; init; }

    public int DisclosedQuantity { get; init; }

    public decimal Price { get; init; }

    public decimal TriggerPrice { get; init; }

    public decimal AveragePrice { get; init; }

    public int FilledQuantity { get; init; }

    public int PendingQuantity { get; init; }

    public int CancelledQuantity { get; init; }

    public string? Tag { get; init; }

    public List<string>? Tags { get; init; }
}

internal sealed class KiteOrderId
{
    public string? OrderId { get; init; }
}

internal sealed class KiteTrade
{
    public string? TradeId { get; init; }

    public string? OrderId { get; init; }

    public string? ExchangeOrderId { get; init; }

    public string? Exchange { get; init; }

    public string? Tradingsymbol { get; init; }

    public long InstrumentToken { get; init; }

    public string? Product { get; init; }

    public decimal AveragePrice { get; init; }

    public int Quantity { get; init; }

    public string? TransactionType { get; init; }

    public string? FillTimestamp { get; init; }

    public string? ExchangeTimestamp { get; init; }
}

internal sealed class KitePositions
{
    public List<KitePosition>? Net { get; init; }

    public List<KitePosition>? Day { get; init; }
}

internal sealed class KitePosition
{
    public string? Tradingsymbol { get; init; }

    public string? Exchange { get; init; }

    public long InstrumentToken { get; init; }

    public string? Product { get; init; }

    public int Quantity { get; init; }

    public int OvernightQuantity { get; init; }

    public decimal Multiplier { get; init; }

    public decimal AveragePrice { get; init; }

    public decimal ClosePrice { get; init; }

    public decimal LastPrice { get; init; }

    public decimal Value { get; init; }

    public decimal Pnl { get; init; }

    [JsonPropertyName("m2m")]
    public decimal M2M { get; init; }

    public decimal Unrealised { get; init; }

    public decimal Realised { get; init; }

    public int BuyQuantity { get; init; }

    public decimal BuyPrice { get; init; }

    public decimal BuyValue { get; init; }

    public int SellQuantity { get; init; }

    public decimal SellPrice { get; init; }

    public decimal SellValue { get; init; }

    public int DayBuyQuantity { get; init; }

    public decimal DayBuyValue { get; init; }

    public int DaySellQuantity { get; init; }

    public decimal DaySellValue { get; init; }
}

internal sealed class KiteHolding
{
    public string? Tradingsymbol { get; init; }

    public string? Exchange { get; init; }

    public long InstrumentToken { get; init; }

    public string? Isin { get; init; }

    public string? Product { get; init; }

    public int Quantity { get; init; }

    public int UsedQuantity { get; init; }

    [JsonPropertyName("t1_quantity")]
    public int T1Quantity { get; init; }

    public int RealisedQuantity { get; init; }

    public int AuthorisedQuantity { get; init; }

    public int OpeningQuantity { get; init; }

    public int ShortQuantity { get; init; }

    public int CollateralQuantity { get; init; }

    public decimal AveragePrice { get; init; }

    public decimal LastPrice { get; init; }

    public decimal ClosePrice { get; init; }

    public decimal Pnl { get; init; }

    public decimal DayChange { get; init; }

    public decimal DayChangePercentage { get; init; }

    public KiteMtf? Mtf { get; init; }
}

internal sealed class KiteMtf
{
    public int Quantity { get; init; }

    public decimal AveragePrice { get; init; }

    public decimal Value { get; init; }
}

internal sealed class KiteLtp
{
    public long InstrumentToken { get; init; }

    public decimal LastPrice { get; init; }
}

internal sealed class KiteOhlcQuote
{
    public long InstrumentToken { get; init; }

    public decimal LastPrice { get; init; }

    public KiteOhlc? Ohlc { get; init; }
}

internal sealed class KiteOhlc
{
    public decimal Open { get; init; }

    public decimal High { get; init; }

    public decimal Low { get; init; }

    public decimal Close { get; init; }
}

internal sealed class KiteQuote
{
    public long InstrumentToken { get; init; }

    public string? Timestamp { get; init; }

    public string? LastTradeTime { get; init; }

    public decimal LastPrice { get; init; }

    public long LastQuantity { get; init; }

    public long BuyQuantity { get; init; }

    public long SellQuantity { get; init; }

    public long Volume { get; init; }

    public decimal AveragePrice { get; init; }

    public long Oi { get; init; }

    public decimal NetChange { get; init; }

    public decimal LowerCircuitLimit { get; init; }

    public decimal UpperCircuitLimit { get; init; }

    public KiteOhlc? Ohlc { get; init; }

    public KiteDepth? Depth { get; init; }
}

internal sealed class KiteDepth
{
    public List<KiteDepthLevel>? Buy { get; init; }

    public List<KiteDepthLevel>? Sell { get; init; }
}

internal sealed class KiteDepthLevel
{
    public decimal Price { get; init; }

    public long Quantity { get; init; }

    public int Orders { get; init; }
}
