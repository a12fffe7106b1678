using System.Text.Json.Serialization;

namespace BrokerConsole.Core.Brokers.Fyers;

// Fyers v3's JSON shapes as on the wire (its names mix camelCase and snake_case, so each is spelled out). Values are
// read as text and parsed by WireText: Fyers sends some numbers as strings and some ids as numbers.

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
