using System.Text.Json.Serialization;

namespace BrokerConsole.Core.Brokers.Dhan;

// Dhan v2's JSON shapes as on the wire (names as Dhan spells them, "availabelBalance" included). Values are read as
// text and parsed by WireText: Dhan sends ids and some amounts as numbers or strings depending on the endpoint.

internal sealed record DhanProfile(
    [property: JsonPropertyName("dhanClientId")] string? DhanClientId,
    [property: JsonPropertyName("dhanClientName")] string? DhanClientName,
    [property: JsonPropertyName("activeSegment")] string? ActiveSegment,
    [property: JsonPropertyName("tokenValidity")] string? TokenValidity);

internal sealed record DhanFunds(
    [property: JsonPropertyName("availabelBalance")] string? AvailabelBalance,
    [property: JsonPropertyName("withdrawableBalance")] string? WithdrawableBalance,
    [property: JsonPropertyName("sodLimit")] string? SodLimit,
    [property: JsonPropertyName("collateralAmount")] string? CollateralAmount,
    [property: JsonPropertyName("utilizedAmount")] string? UtilizedAmount);

internal sealed record DhanOrder(
    [property: JsonPropertyName("orderId")] string? OrderId,
    [property: JsonPropertyName("exchangeOrderId")] string? ExchangeOrderId,
    [property: JsonPropertyName("orderStatus")] string? OrderStatus,
    [property: JsonPropertyName("omsErrorDescription")] string? OmsErrorDescription,
    [property: JsonPropertyName("tradingSymbol")] string? TradingSymbol,
    [property: JsonPropertyName("exchangeSegment")] string? ExchangeSegment,
    [property: JsonPropertyName("securityId")] string? SecurityId,
    [property: JsonPropertyName("transactionType")] string? TransactionType,
    [property: JsonPropertyName("orderType")] string? OrderType,
    [property: JsonPropertyName("productType")] string? ProductType,
    [property: JsonPropertyName("validity")] string? Validity,
    [property: JsonPropertyName("quantity")] string? Quantity,
    [property: JsonPropertyName("filledQty")] string? FilledQty,
    [property: JsonPropertyName("remainingQuantity")] string? RemainingQuantity,
    [property: JsonPropertyName("disclosedQuantity")] string? DisclosedQuantity,
    [property: JsonPropertyName("price")] string? Price,
    [property: JsonPropertyName("triggerPrice")] string? TriggerPrice,
    [property: JsonPropertyName("averageTradedPrice")] string? AverageTradedPrice,
    [property: JsonPropertyName("correlationId")] string? CorrelationId,
    [property: JsonPropertyName("createTime")] string? CreateTime,
    [property: JsonPropertyName("updateTime")] string? UpdateTime);

internal sealed record DhanTrade(
    [property: JsonPropertyName("exchangeTradeId")] string? ExchangeTradeId,
    [property: JsonPropertyName("orderId")] string? OrderId,
    [property: JsonPropertyName("exchangeOrderId")] string? ExchangeOrderId,
    [property: JsonPropertyName("tradingSymbol")] string? TradingSymbol,
    [property: JsonPropertyName("exchangeSegment")] string? ExchangeSegment,
    [property: JsonPropertyName("securityId")] string? SecurityId,
    [property: JsonPropertyName("productType")] string? ProductType,
    [property: JsonPropertyName("transactionType")] string? TransactionType,
    [property: JsonPropertyName("tradedQuantity")] string? TradedQuantity,
    [property: JsonPropertyName("tradedPrice")] string? TradedPrice,
    [property: JsonPropertyName("createTime")] string? CreateTime,
    [property: JsonPropertyName("updateTime")] string? UpdateTime,
    [property: JsonPropertyName("exchangeTime")] string? ExchangeTime);

internal sealed record DhanPosition(
    [property: JsonPropertyName("tradingSymbol")] string? TradingSymbol,
    [property: JsonPropertyName("exchangeSegment")] string? ExchangeSegment,
    [property: JsonPropertyName("securityId")] string? SecurityId,
    [property: JsonPropertyName("productType")] string? ProductType,
    [property: JsonPropertyName("netQty")] string? NetQty,
    [property: JsonPropertyName("multiplier")] string? Multiplier,
    [property: JsonPropertyName("costPrice")] string? CostPrice,
    [property: JsonPropertyName("buyQty")] string? BuyQty,
    [property: JsonPropertyName("buyAvg")] string? BuyAvg,
    [property: JsonPropertyName("sellQty")] string? SellQty,
    [property: JsonPropertyName("sellAvg")] string? SellAvg,
    [property: JsonPropertyName("realizedProfit")] string? RealizedProfit,
    [property: JsonPropertyName("unrealizedProfit")] string? UnrealizedProfit);

internal sealed record DhanHolding(
    [property: JsonPropertyName("tradingSymbol")] string? TradingSymbol,
    [property: JsonPropertyName("exchange")] string? Exchange,
    [property: JsonPropertyName("securityId")] string? SecurityId,
    [property: JsonPropertyName("isin")] string? Isin,
    [property: JsonPropertyName("totalQty")] string? TotalQty,
    [property: JsonPropertyName("t1Qty")] string? T1Qty,
    [property: JsonPropertyName("collateralQty")] string? CollateralQty,
    [property: JsonPropertyName("avgCostPrice")] string? AvgCostPrice,
    [property: JsonPropertyName("lastTradedPrice")] string? LastTradedPrice);

/// <summary><c>POST /marketfeed/ltp</c>: segment → security id → quote.</summary>
internal sealed record DhanLtpAnswer([property: JsonPropertyName("data")] Dictionary<string, Dictionary<string, DhanLtp>>? Data);

internal sealed record DhanLtp([property: JsonPropertyName("last_price")] string? LastPrice);

/// <summary>What place, modify and cancel answer.</summary>
internal sealed record DhanOrderAnswer([property: JsonPropertyName("orderId")] string? OrderId);

/// <summary>The auth host's answers: a consent id, or a token with its owner and expiry.</summary>
internal sealed record DhanAuthAnswer(
    [property: JsonPropertyName("consentAppId")] string? ConsentAppId,
    [property: JsonPropertyName("accessToken")] string? AccessToken,
    [property: JsonPropertyName("dhanClientId")] string? DhanClientId,
    [property: JsonPropertyName("dhanClientName")] string? DhanClientName,
    [property: JsonPropertyName("expiryTime")] string? ExpiryTime)
{
    public override string ToString() => $"DhanAuthAnswer {{ dhanClientId = {DhanClientId}, accessToken = [redacted] }}";
}
