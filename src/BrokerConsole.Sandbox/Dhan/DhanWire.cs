using System.Globalization;

namespace BrokerConsole.Sandbox.Dhan;

/// <summary>The sandbox's objects in DhanHQ v2 wire shapes (reference §1.6); times are IST <c>yyyy-MM-dd HH:mm:ss</c>.</summary>
internal static class DhanWire
{
    private static readonly TimeSpan _ist = TimeSpan.FromHours(5.5);

    public static string Time(DateTimeOffset at) => at.ToOffset(_ist).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static object Order(DhanSandboxUser user, DhanSandboxOrder o) => new
    {
        dhanClientId = user.ClientId,
        orderId = o.OrderId,
        exchangeOrderId = o.Status == "TRANSIT" ? "" : "1100" + o.OrderId[^8..],
        correlationId = o.CorrelationId ?? "",
        orderStatus = o.Status,
        transactionType = o.Side,
        exchangeSegment = o.Segment,
        productType = o.ProductType,
        orderType = o.OrderType,
        validity = o.Validity,
        tradingSymbol = DhanState.Scrips[o.SecurityId].Symbol,
        securityId = o.SecurityId,
        quantity = o.Quantity,
        disclosedQuantity = 0,
        price = o.Price,
        triggerPrice = o.TriggerPrice,
        afterMarketOrder = false,
        boProfitValue = 0m,
        boStopLossValue = 0m,
        legName = "",
        createTime = Time(o.CreatedAt),
        updateTime = Time(o.UpdatedAt),
        exchangeTime = o.Filled > 0 ? Time(o.UpdatedAt) : "0001-01-01 00:00:00",
        drvExpiryDate = "0001-01-01 00:00:00",
        drvOptionType = "NA",
        drvStrikePrice = 0m,
        omsErrorCode = "",
        omsErrorDescription = "",
        algoId = "",
        remainingQuantity = o.Status == "PENDING" ? o.Quantity - o.Filled : 0,
        averageTradedPrice = o.AveragePrice,
        filledQty = o.Filled,
    };

    public static object Trade(DhanSandboxUser user, DhanSandboxOrder o, DhanSandboxTrade t) => new
    {
        dhanClientId = user.ClientId,
        orderId = o.OrderId,
        exchangeOrderId = "1100" + o.OrderId[^8..],
        exchangeTradeId = t.TradeId,
        transactionType = o.Side,
        exchangeSegment = o.Segment,
        productType = o.ProductType,
        orderType = o.OrderType,
        tradingSymbol = DhanState.Scrips[o.SecurityId].Symbol,
        securityId = o.SecurityId,
        tradedQuantity = t.Quantity,
        tradedPrice = t.Price,
        createTime = Time(o.CreatedAt),
        updateTime = Time(t.At),
        exchangeTime = Time(t.At),
        drvExpiryDate = "NA",
        drvOptionType = "NA",
        drvStrikePrice = 0m,
    };

    public static object Holding(DhanSandboxHolding h) => new
    {
        exchange = "ALL",
        tradingSymbol = DhanState.Scrips[h.SecurityId].Symbol,
        securityId = h.SecurityId,
        isin = DhanState.Scrips[h.SecurityId].Isin,
        totalQty = h.Quantity,
        dpQty = h.Quantity,
        t1Qty = 0,
        availableQty = h.Quantity,
        collateralQty = 0,
        avgCostPrice = h.AveragePrice,
        lastTradedPrice = DhanState.Scrips[h.SecurityId].Ltp,
    };

    public static List<object> Positions(IEnumerable<DhanSandboxOrder> orders) => [.. orders.Where(o => o.Filled > 0).GroupBy(o => (o.SecurityId, o.ProductType)).Select(g =>
    {
        var buy = g.Where(o => o.Side == "BUY").Sum(o => o.Filled);
        var sell = g.Where(o => o.Side == "SELL").Sum(o => o.Filled);
        var buyAvg = buy == 0 ? 0 : g.Where(o => o.Side == "BUY").Sum(o => o.Filled * o.AveragePrice) / buy;
        var sellAvg = sell == 0 ? 0 : g.Where(o => o.Side == "SELL").Sum(o => o.Filled * o.AveragePrice) / sell;
        var ltp = DhanState.Scrips[g.Key.SecurityId].Ltp;
        return (object)new
        {
            tradingSymbol = DhanState.Scrips[g.Key.SecurityId].Symbol,
            securityId = g.Key.SecurityId,
            positionType = buy > sell ? "LONG" : sell > buy ? "SHORT" : "CLOSED",
            exchangeSegment = "NSE_EQ",
            productType = g.Key.ProductType,
            buyAvg,
            buyQty = buy,
            costPrice = buyAvg,
            sellAvg,
            sellQty = sell,
            netQty = buy - sell,
            realizedProfit = 0m,
            unrealizedProfit = (ltp - buyAvg) * (buy - sell),
            multiplier = 1,
        };
    })];
}
