using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace BrokerConsole.Sandbox.Angel;

/// <summary>SmartAPI order writes: place, modify and cancel (the static-IP rule runs in the gateway filter first).</summary>
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
}
