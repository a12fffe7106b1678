using System.Text.Json.Serialization;

namespace BrokerConsole.Sandbox.Kite;

// Wire shapes copied field-for-field from the official mocks (kite-mocks/*.json); names come out
// snake_case through KiteWire.Json, explicit names only where the policy would split digits oddly.

internal sealed record KiteProfileWire(
    string UserId,
    string UserType,
    string Email,
    string UserName,
    string UserShortname,
    string Broker,
    IReadOnlyList<string> Exchanges,
    IReadOnlyList<string> Products,
    IReadOnlyList<string> OrderTypes,
    string? AvatarUrl,
    KiteProfileMeta Meta);

internal sealed record KiteProfileMeta(string DematConsent);

/// <summary>generate_session.json: the profile plus the tokens.</summary>
internal sealed record KiteSessionWire(
    string UserType,
    string Email,
    string UserName,
    string UserShortname,
    string Broker,
    IReadOnlyList<string> Exchanges,
    IReadOnlyList<string> Products,
    IReadOnlyList<string> OrderTypes,
    string? AvatarUrl,
    string UserId,
    string ApiKey,
    string AccessToken,
    string PublicToken,
    string Enctoken,
    string RefreshToken,
    string Silo,
    string LoginTime,
    KiteProfileMeta Meta);

internal sealed record KiteSegmentMarginWire(bool Enabled, double Net, KiteAvailableWire Available, KiteUtilisedWire Utilised);

internal sealed record KiteAvailableWire(
    double AdhocMargin, double Cash, double OpeningBalance, double LiveBalance, double Collateral, double IntradayPayin);

internal sealed record KiteUtilisedWire(
    double Debits,
    double Exposure,
    [property: JsonPropertyName("m2m_realised")] double M2mRealised,
    [property: JsonPropertyName("m2m_unrealised")] double M2mUnrealised,
    double OptionPremium,
    double Payout,
    double Span,
    double HoldingSales,
    double Turnover,
    double LiquidCollateral,
    double StockCollateral,
    double Delivery);

internal sealed record KiteMarginsWire(KiteSegmentMarginWire Equity, KiteSegmentMarginWire Commodity);

internal sealed record KiteOrderIdWire(string OrderId);

/// <summary>An order as /orders and postbacks show it (orders.json).</summary>
internal sealed record KiteOrderWire(
    string PlacedBy,
    string OrderId,
    string? ExchangeOrderId,
    string? ParentOrderId,
    string Status,
    string? StatusMessage,
    string? StatusMessageRaw,
    string OrderTimestamp,
    string? ExchangeUpdateTimestamp,
    string? ExchangeTimestamp,
    string Variety,
    bool Modified,
    string Exchange,
    string Tradingsymbol,
    uint InstrumentToken,
    string OrderType,
    string TransactionType,
    string Validity,
    int ValidityTtl,
    string Product,
    int Quantity,
    int DisclosedQuantity,
    double Price,
    double TriggerPrice,
    double AveragePrice,
    int FilledQuantity,
    int PendingQuantity,
    int CancelledQuantity,
    double MarketProtection,
    IReadOnlyDictionary<string, object> Meta,
    string? Tag,
    IReadOnlyList<string>? Tags,
    string? Guid);

/// <summary>A GET /orders/{id} history entry: the smaller field set of order_info.json.</summary>
internal sealed record KiteOrderHistoryWire(
    double AveragePrice,
    int CancelledQuantity,
    int DisclosedQuantity,
    string Exchange,
    string? ExchangeOrderId,
    string? ExchangeTimestamp,
    int FilledQuantity,
    uint InstrumentToken,
    string OrderId,
    string OrderTimestamp,
    string OrderType,
    string? ParentOrderId,
    int PendingQuantity,
    string PlacedBy,
    double Price,
    string Product,
    int Quantity,
    string Status,
    string? StatusMessage,
    string? Tag,
    string Tradingsymbol,
    string TransactionType,
    double TriggerPrice,
    string Validity,
    string Variety,
    bool Modified);

/// <summary>postback.json: the order plus user_id, app_id, unfilled_quantity and checksum.</summary>
internal sealed record KitePostbackWire(
    string UserId,
    int UnfilledQuantity,
    int AppId,
    string Checksum,
    string PlacedBy,
    string OrderId,
    string? ExchangeOrderId,
    string? ParentOrderId,
    string Status,
    string? StatusMessage,
    string? StatusMessageRaw,
    string OrderTimestamp,
    string? ExchangeUpdateTimestamp,
    string? ExchangeTimestamp,
    string Variety,
    string Exchange,
    string Tradingsymbol,
    uint InstrumentToken,
    string OrderType,
    string TransactionType,
    string Validity,
    string Product,
    int Quantity,
    int DisclosedQuantity,
    double Price,
    double TriggerPrice,
    double AveragePrice,
    int FilledQuantity,
    int PendingQuantity,
    int CancelledQuantity,
    double MarketProtection,
    IReadOnlyDictionary<string, object> Meta,
    string? Tag,
    string? Guid);

/// <summary>trades.json; order_timestamp is time-only on the wire (reference §13.4).</summary>
internal sealed record KiteTradeWire(
    string TradeId,
    string OrderId,
    string Exchange,
    string Tradingsymbol,
    uint InstrumentToken,
    string Product,
    double AveragePrice,
    int Quantity,
    string ExchangeOrderId,
    string TransactionType,
    string FillTimestamp,
    string OrderTimestamp,
    string ExchangeTimestamp);

internal sealed record KitePositionsWire(IReadOnlyList<KitePositionWire> Net, IReadOnlyList<KitePositionWire> Day);

internal sealed record KitePositionWire(
    string Tradingsymbol,
    string Exchange,
    uint InstrumentToken,
    string Product,
    int Quantity,
    int OvernightQuantity,
    double Multiplier,
    double AveragePrice,
    double ClosePrice,
    double LastPrice,
    double Value,
    double Pnl,
    [property: JsonPropertyName("m2m")] double M2m,
    double Unrealised,
    double Realised,
    int BuyQuantity,
    double BuyPrice,
    double BuyValue,
    [property: JsonPropertyName("buy_m2m")] double BuyM2m,
    int SellQuantity,
    double SellPrice,
    double SellValue,
    [property: JsonPropertyName("sell_m2m")] double SellM2m,
    int DayBuyQuantity,
    double DayBuyPrice,
    double DayBuyValue,
    int DaySellQuantity,
    double DaySellPrice,
    double DaySellValue);

internal sealed record KiteHoldingWire(
    string Tradingsymbol,
    string Exchange,
    uint InstrumentToken,
    string Isin,
    string Product,
    double Price,
    int Quantity,
    int UsedQuantity,
    [property: JsonPropertyName("t1_quantity")] int T1Quantity,
    int RealisedQuantity,
    int AuthorisedQuantity,
    string AuthorisedDate,
    IReadOnlyDictionary<string, object> Authorisation,
    int OpeningQuantity,
    int ShortQuantity,
    int CollateralQuantity,
    string CollateralType,
    bool Discrepancy,
    double AveragePrice,
    double LastPrice,
    double ClosePrice,
    double Pnl,
    double DayChange,
    double DayChangePercentage,
    KiteHoldingMtfWire Mtf);

internal sealed record KiteHoldingMtfWire(int Quantity, int UsedQuantity, double AveragePrice, double Value, double InitialMargin);

internal sealed record KiteLtpWire(uint InstrumentToken, double LastPrice);

internal sealed record KiteOhlcWire(double Open, double High, double Low, double Close);

internal sealed record KiteOhlcQuoteWire(uint InstrumentToken, double LastPrice, KiteOhlcWire Ohlc);

internal sealed record KiteDepthEntryWire(double Price, int Quantity, int Orders);

internal sealed record KiteDepthWire(IReadOnlyList<KiteDepthEntryWire> Buy, IReadOnlyList<KiteDepthEntryWire> Sell);

internal sealed record KiteQuoteWire(
    uint InstrumentToken,
    string Timestamp,
    string LastTradeTime,
    double LastPrice,
    int LastQuantity,
    long BuyQuantity,
    long SellQuantity,
    long Volume,
    double AveragePrice,
    double Oi,
    double OiDayHigh,
    double OiDayLow,
    double NetChange,
    double LowerCircuitLimit,
    double UpperCircuitLimit,
    KiteOhlcWire Ohlc,
    KiteDepthWire Depth);
