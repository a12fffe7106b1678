using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace BrokerConsole.Sandbox.Angel;

/// <summary>SmartAPI order placement, modification and cancellation, with the order and trade book rows as SmartAPI writes them.</summary>
internal static partial class AngelSandboxEndpoints
{
    private static async Task<IResult> PlaceOrder(HttpContext http, AngelState state)
    {
        var body = await ReadBody(http);
        foreach (var field in new[] { "variety", "tradingsymbol", "symboltoken", "transactiontype", "exchange", "ordertype", "producttype", "quantity" })
        {
            if (string.IsNullOrWhiteSpace(body.GetValueOrDefault(field)))
            {
                return Fail("AB2000", $"Invalid {field}");
            }
        }

        if (body["variety"] is not ("NORMAL" or "STOPLOSS" or "AMO"))
        {
            return Fail("AB1008", "Invalid Order Variety");
        }

        if (body["producttype"] is not ("DELIVERY" or "CARRYFORWARD" or "MARGIN" or "INTRADAY"))
        {
            return Fail("AB1012", "Invalid Product Type");
        }

        if (body["transactiontype"] is not ("BUY" or "SELL") || body["ordertype"] is not ("MARKET" or "LIMIT" or "STOPLOSS_LIMIT" or "STOPLOSS_MARKET"))
        {
            return Fail("AB2000", "Invalid transactiontype or ordertype");
        }

        if (!int.TryParse(body["quantity"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var qty) || qty <= 0)
        {
            return Fail("AB2000", "Invalid quantity");
        }

        if (body.GetValueOrDefault("ordertag") is { Length: >= 20 })
        {
            return Fail("AB4008", "ordertag length should be less than 20 characters");
        }

        var scrip = AngelMarket.FindToken(body["exchange"], body["symboltoken"]);
        if (scrip is null || !string.Equals(scrip.TradingSymbol, body["tradingsymbol"], StringComparison.OrdinalIgnoreCase))
        {
            return Fail("AB1009", "Symbol not found");
        }

        var order = state.Place(http.Caller().User, scrip, body);
        return Ok(new { script = scrip.TradingSymbol, orderid = order.OrderId, uniqueorderid = order.UniqueOrderId });
    }

    /// <summary>modifyOrder: <c>variety</c> and <c>orderid</c> name the order; the rest replaces its fields (reference §3.6).</summary>
    private static async Task<IResult> ModifyOrder(HttpContext http, AngelState state)
    {
        var body = await ReadBody(http);
        if (string.IsNullOrWhiteSpace(body.GetValueOrDefault("orderid")))
        {
            return Fail("AB2000", "Invalid orderid");
        }

        if (body.GetValueOrDefault("variety") is not ("NORMAL" or "STOPLOSS" or "AMO"))
        {
            return Fail("AB1008", "Invalid Order Variety");
        }

        var (order, code, message) = state.Modify(http.Caller().User.ClientCode, body["orderid"], body);
        return code is null ? Ok(new { orderid = order!.OrderId, uniqueorderid = order.UniqueOrderId }) : Fail(code, message!);
    }

    private static async Task<IResult> CancelOrder(HttpContext http, AngelState state)
    {
        var body = await ReadBody(http);
        var order = state.Cancel(http.Caller().User.ClientCode, body.GetValueOrDefault("orderid") ?? "");
        if (order is null)
        {
            return Fail("AB1013", "Order not found");
        }

        return order.Status == "cancelled"
            ? Ok(new { orderid = order.OrderId, uniqueorderid = order.UniqueOrderId })
            : Fail("AB2000", $"Order cannot be cancelled: it is {order.Status}");
    }

    private static Dictionary<string, string> OrderWire(AngelSandboxOrder o)
    {
        var s = (decimal v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        var i = (int v) => v.ToString(CultureInfo.InvariantCulture);
        var time = o.UpdatedAt.ToOffset(_istOffset).ToString("dd-MMM-yyyy HH:mm:ss", CultureInfo.InvariantCulture);
        var open = o.Status is "open" or "trigger pending";
        return new Dictionary<string, string>
        {
            ["variety"] = o.Variety,
            ["ordertype"] = o.OrderType,
            ["producttype"] = o.ProductType,
            ["duration"] = o.Duration,
            ["price"] = s(o.Price),
            ["triggerprice"] = s(o.TriggerPrice),
            ["quantity"] = i(o.Quantity),
            ["disclosedquantity"] = "0",
            ["squareoff"] = "0.00",
            ["stoploss"] = "0.00",
            ["trailingstoploss"] = "0.00",
            ["tradingsymbol"] = o.Scrip.TradingSymbol,
            ["transactiontype"] = o.TransactionType,
            ["exchange"] = o.Scrip.Exchange,
            ["symboltoken"] = o.Scrip.Token,
            ["ordertag"] = o.OrderTag ?? "",
            ["instrumenttype"] = "",
            ["lotsize"] = "1",
            ["cancelsize"] = o.Status == "cancelled" ? i(o.Quantity - o.Filled) : "0",
            ["averageprice"] = s(o.AveragePrice),
            ["filledshares"] = i(o.Filled),
            ["unfilledshares"] = open ? i(o.Quantity - o.Filled) : "0",
            ["orderid"] = o.OrderId,
            ["text"] = o.Text,
            ["status"] = o.Status,
            ["orderstatus"] = o.Status,
            ["updatetime"] = time,
            ["exchtime"] = time,
            ["exchorderupdatetime"] = time,
            ["parentorderid"] = "",
            ["uniqueorderid"] = o.UniqueOrderId,
            ["exchangeorderid"] = o.Status == "complete" || open ? "1100000" + o.OrderId[^8..] : "",
        };
    }

    private static Dictionary<string, string> TradeWire(AngelSandboxOrder o) => new()
    {
        ["exchange"] = o.Scrip.Exchange,
        ["producttype"] = o.ProductType,
        ["tradingsymbol"] = o.Scrip.TradingSymbol,
        ["symboltoken"] = o.Scrip.Token,
        ["transactiontype"] = o.TransactionType,
        ["fillprice"] = o.AveragePrice.ToString("0.00", CultureInfo.InvariantCulture),
        ["fillsize"] = o.Filled.ToString(CultureInfo.InvariantCulture),
        ["orderid"] = o.OrderId,
        ["fillid"] = "F" + o.OrderId,
        ["filltime"] = o.UpdatedAt.ToOffset(_istOffset).ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        ["tradevalue"] = (o.AveragePrice * o.Filled).ToString("0.00", CultureInfo.InvariantCulture),
    };
}
