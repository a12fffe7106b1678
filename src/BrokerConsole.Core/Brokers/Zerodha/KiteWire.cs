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
