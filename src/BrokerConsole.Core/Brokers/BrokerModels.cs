using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Brokers;

/// <summary>The account holder as the broker knows them. Carries no tokens.</summary>
public sealed record BrokerProfile
{
    public required string UserId { get; init; }

    public required string UserName { get; init; }

    public required string ShortName { get; init; }

    public string? Email { get; init; }

    /// <summary>E.g. <c>individual</c>.</summary>
    public string? UserType { get; init; }

    /// <summary>The broker's own name for itself, e.g. <c>ZERODHA</c>.</summary>
    public required string Broker { get; init; }

    public IReadOnlyList<string> Exchanges { get; init; } = [];

    public IReadOnlyList<string> Products { get; init; } = [];

    public IReadOnlyList<string> OrderTypes { get; init; } = [];

    public string? AvatarUrl { get; init; }
}

/// <summary>
/// What a session exchange returns: the new access token plus who it belongs to.
/// <see cref="ToString"/> never prints the tokens.
/// </summary>
public sealed record SessionGrant
{
    public required BrokerKind BrokerKind { get; init; }

    public required string AccessToken { get; init; }

    public required string UserId { get; init; }

    public string? UserName { get; init; }

    public string? ShortName { get; init; }

    public string? Email { get; init; }

    public string? UserType { get; init; }

    /// <summary>The broker's own name for itself, e.g. <c>ZERODHA</c>.</summary>
    public string? Broker { get; init; }

    /// <summary>When the broker says the login happened (IST offset).</summary>
    public DateTimeOffset? LoginTime { get; init; }

    /// <summary>When the broker says the token dies (e.g. a JWT <c>exp</c>); null: the broker's clock rule applies.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Kite's public token (limited use); null for other brokers.</summary>
    public string? PublicToken { get; init; }

    /// <summary>A token that renews the session without a new login (Angel One's generateTokens); null when the broker has none.</summary>
    public string? RefreshToken { get; init; }

    public override string ToString() =>
        $"SessionGrant {{ BrokerKind = {BrokerKind}, UserId = {UserId}, LoginTime = {LoginTime:O}, AccessToken = [redacted] }}";
}

/// <summary>Margins of one segment. Amounts are in rupees.</summary>
public sealed record SegmentFunds
{
    public required FundsSegment Segment { get; init; }

    public bool Enabled { get; init; }

    /// <summary>Net cash available for trading (Kite <c>net</c>).</summary>
    public decimal Net { get; init; }

    /// <summary>Raw cash including intraday pay-in.</summary>
    public decimal AvailableCash { get; init; }

    public decimal OpeningBalance { get; init; }

    /// <summary>Current available balance.</summary>
    public decimal LiveBalance { get; init; }

    public decimal IntradayPayin { get; init; }

    public decimal AdhocMargin { get; init; }

    /// <summary>Collateral margin from pledged holdings.</summary>
    public decimal Collateral { get; init; }

    /// <summary>Sum of utilised margins (Kite <c>utilised.debits</c>).</summary>
    public decimal Utilised { get; init; }

    public decimal Span { get; init; }

    public decimal Exposure { get; init; }

    public decimal OptionPremium { get; init; }

    public decimal M2MRealised { get; init; }

    public decimal M2MUnrealised { get; init; }

    /// <summary>Withdrawals requested today.</summary>
    public decimal Payout { get; init; }

    /// <summary>Margin blocked on sells from holdings.</summary>
    public decimal Delivery { get; init; }

    public decimal HoldingSales { get; init; }

    public decimal Turnover { get; init; }

    public decimal LiquidCollateral { get; init; }

    public decimal StockCollateral { get; init; }
}

/// <summary>Funds per segment; a segment the broker did not report is null.</summary>
public sealed record Funds(SegmentFunds? Equity, SegmentFunds? Commodity);

/// <summary>One order, or one snapshot of an order in its history.</summary>
public sealed record BrokerOrder
{
    public required string OrderId { get; init; }

    /// <summary>Null until the order reaches the exchange.</summary>
    public string? ExchangeOrderId { get; init; }

    /// <summary>The first leg's id for a cover order's second leg.</summary>
    public string? ParentOrderId { get; init; }

    public required OrderStatus Status { get; init; }

    /// <summary>The broker's status string, e.g. <c>MODIFY VALIDATION PENDING</c>.</summary>
    public required string RawStatus { get; init; }

    /// <summary>The reason given for a rejection or cancellation, if any.</summary>
    public string? StatusMessage { get; init; }

    public required string TradingSymbol { get; init; }

    public required string Exchange { get; init; }

    public long InstrumentToken { get; init; }

    public TransactionType TransactionType { get; init; }

    public OrderType OrderType { get; init; }

    public ProductType Product { get; init; }

    public OrderVariety Variety { get; init; }

    public OrderValidity Validity { get; init; }

    public int Quantity { get; init; }

    public int PendingQuantity { get; init; }

    public int FilledQuantity { get; init; }

    public int CancelledQuantity { get; init; }

    public int DisclosedQuantity { get; init; }

    public decimal Price { get; init; }

    public decimal TriggerPrice { get; init; }

    /// <summary>Average fill price; zero until something fills.</summary>
    public decimal AveragePrice { get; init; }

    public string? Tag { get; init; }

    /// <summary>The user's tag plus system tags (e.g. <c>autoslice</c>, <c>mktp:2.00</c>).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    public string? PlacedBy { get; init; }

    public bool Modified { get; init; }

    /// <summary>When the broker registered the order (IST offset).</summary>
    public DateTimeOffset? PlacedAt { get; init; }

    public DateTimeOffset? ExchangeTimestamp { get; init; }

    public DateTimeOffset? ExchangeUpdatedAt { get; init; }

    /// <summary>
    /// The broker sent this order with a value we cannot parse (e.g. a price that is not a number): only its id,
    /// symbol and tag are known, read leniently, so the rest of the book still loads and reconciliation by tag works.
    /// </summary>
    public bool IsUnreadable { get; init; }
}

/// <summary>One fill.</summary>
public sealed record BrokerTrade
{
    public required string TradeId { get; init; }

    public required string OrderId { get; init; }

    public string? ExchangeOrderId { get; init; }

    public required string TradingSymbol { get; init; }

    public required string Exchange { get; init; }

    public long InstrumentToken { get; init; }

    public ProductType Product { get; init; }

    public TransactionType TransactionType { get; init; }

    /// <summary>Filled quantity.</summary>
    public int Quantity { get; init; }

    /// <summary>Fill price.</summary>
    public decimal AveragePrice { get; init; }

    public DateTimeOffset? FilledAt { get; init; }

    public DateTimeOffset? ExchangeTimestamp { get; init; }
}

/// <summary>A new order. Prices are in rupees.</summary>
public sealed record OrderRequest
{
    public required string TradingSymbol { get; init; }

    public required string Exchange { get; init; }

    public required TransactionType Side { get; init; }

    public required int Quantity { get; init; }

    public required OrderType OrderType { get; init; }

    public required ProductType Product { get; init; }

    /// <summary>Required for limit and stop-loss limit orders.</summary>
    public decimal? Price { get; init; }

    /// <summary>Required for stop-loss orders.</summary>
    public decimal? TriggerPrice { get; init; }

    public OrderValidity Validity { get; init; } = OrderValidity.Day;

    /// <summary>Minutes, with <see cref="OrderValidity.Ttl"/>.</summary>
    public int? ValidityTtlMinutes { get; init; }

    public OrderVariety Variety { get; init; } = OrderVariety.Regular;

    public int? DisclosedQuantity { get; init; }

    /// <summary>
    /// Your reference for reconciling the order later (Kite: alphanumeric, at most 20 characters).
    /// Tag every order: a placement that timed out is found again through its tag, never re-sent blindly.
    /// </summary>
    public string? Tag { get; init; }

    /// <summary>
    /// Market protection percentage for market and SL-M orders: <c>-1</c> automatic, or above 0 up to 100.
    /// Mandatory at Zerodha for API market orders since April 2026.
    /// </summary>
    public decimal? MarketProtection { get; init; }
}

/// <summary>Changes to an open order; null fields are left as they are.</summary>
public sealed record OrderModification
{
    public required string OrderId { get; init; }

    /// <summary>Must match the variety the order was placed with.</summary>
    public OrderVariety Variety { get; init; } = OrderVariety.Regular;

    public int? Quantity { get; init; }

    public decimal? Price { get; init; }

    public decimal? TriggerPrice { get; init; }

    public OrderType? OrderType { get; init; }

    public OrderValidity? Validity { get; init; }

    public int? DisclosedQuantity { get; init; }

    public decimal? MarketProtection { get; init; }
}

/// <summary>The broker accepted the request and assigned this id; execution is reported in the order book.</summary>
public sealed record PlacedOrder(string OrderId);
