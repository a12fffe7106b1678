using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static BrokerConsole.Sandbox.Fyers.FyersSandboxEndpoints;

namespace BrokerConsole.Sandbox.Fyers;

/// <summary>
/// Orders of reference §2.6: <c>POST|PATCH|DELETE /orders/sync</c> (codes 1101/1102/1103), the order book
/// <c>GET /orders</c> with <c>?id=</c> and <c>?order_tag=</c> filters, and <c>GET /tradebook</c>.
/// </summary>
internal static class FyersOrderEndpoints
{
    /// <summary>Sandbox choice, like Dhan's published cap: more modifications than this are refused with -99.</summary>
    public const int MaxModifications = 25;

    private static readonly TimeSpan _ist = TimeSpan.FromHours(5.5);

    public static void Map(RouteGroupBuilder authed)
    {
        authed.MapGet("/api/v3/orders", (HttpContext http, FyersState state, string? id, string? order_tag) =>
        {
            var orders = state.Orders(User(http).FyId);
            if (id is not null)
            {
                // A single order comes back as a one-element orderBook; an unknown id is -51.
                var match = orders.Where(o => o.Id == id).ToList();
                return match.Count == 0 ? Error(400, -51, "Invalid order id") : Ok(new() { ["orderBook"] = match.Select(OrderWire).ToList() });
            }

            var tagged = order_tag is null ? orders : orders.Where(o => o.Tag == (order_tag.StartsWith("1:", StringComparison.Ordinal) ? order_tag[2..] : order_tag));
            return Ok(new() { ["orderBook"] = tagged.Select(OrderWire).ToList() });
        });
        authed.MapGet("/api/v3/tradebook", (HttpContext http, FyersState state, string? order_tag) =>
        {
            var trades = state.Trades(User(http).FyId).Where(t => order_tag is null || t.Order.Tag == order_tag);
            return Ok(new() { ["tradeBook"] = trades.Select((t, i) => TradeWire(t, i + 1)).ToList() });
        });
        authed.MapPost("/api/v3/orders/sync", PlaceOrder).WithMetadata(new FyersOrderWriteMetadata());
        authed.MapMethods("/api/v3/orders/sync", ["PATCH"], ModifyOrder).WithMetadata(new FyersOrderWriteMetadata());
        authed.MapDelete("/api/v3/orders/sync", CancelOrder).WithMetadata(new FyersOrderWriteMetadata());
    }

    private static async Task<IResult> PlaceOrder(HttpContext http, FyersState state)
    {
        if (await ReadJsonAsync(http) is not { } body)
        {
            return Error(400, -50, "Invalid JSON");
        }

        foreach (var field in new[] { "symbol", "qty", "type", "side", "productType" })
        {
            if (!body.TryGetProperty(field, out _))
            {
                return Error(400, -50, $"Invalid input: {field} is required");
            }
        }

        if (FyersState.Find(body.GetProperty("symbol").GetString()) is not { } instrument)
        {
            return Error(400, -300, "Invalid symbol");
        }

        if (!body.GetProperty("type").TryGetInt32(out var type) || type is < 1 or > 4
            || !body.GetProperty("side").TryGetInt32(out var side) || side is not (1 or -1)
            || !body.GetProperty("qty").TryGetInt32(out var qty) || qty <= 0)
        {
            return Error(400, -50, "Invalid type, side or qty");
        }

        if (PriceProblem(type, FyersState.Number(body, "limitPrice") ?? 0m, FyersState.Number(body, "stopPrice") ?? 0m) is { } problem)
        {
            return Error(400, -50, problem);
        }

        var order = state.Place(User(http).FyId, instrument, body);
        return Ok(new() { ["id"] = order.Id }, 1101, $"Order submitted successfully. Your Order Ref. No.{order.Id}");
    }

    /// <summary><c>{id, type, limitPrice?, stopPrice?, qty?, disclosedQty?}</c>: omitted fields stay as they were.</summary>
    private static async Task<IResult> ModifyOrder(HttpContext http, FyersState state)
    {
        if (await ReadJsonAsync(http) is not { } body || !body.TryGetProperty("id", out var idValue) || idValue.GetString() is not { Length: > 0 } id)
        {
            return Error(400, -50, "Invalid input: id is required");
        }

        return state.WithOrder(User(http).FyId, id, order =>
        {
            if (order.Status != 6)
            {
                return Error(400, -99, $"Order cannot be modified: its status is {order.Status}.");
            }

            if (order.Modifications >= MaxModifications)
            {
                return Error(400, -99, $"Order cannot be modified more than {MaxModifications} times.");
            }

            var type = body.TryGetProperty("type", out var t) && t.TryGetInt32(out var ty) ? ty : order.Type;
            var qty = (int)(FyersState.Number(body, "qty") ?? order.Qty);
            var limit = FyersState.Number(body, "limitPrice") ?? order.LimitPrice;
            var stop = FyersState.Number(body, "stopPrice") ?? order.StopPrice;
            if (type is < 1 or > 4 || qty <= 0)
            {
                return Error(400, -50, "Invalid type or qty");
            }

            if (PriceProblem(type, limit, stop) is { } problem)
            {
                return Error(400, -50, problem);
            }

            (order.Type, order.Qty, order.LimitPrice, order.StopPrice) = (type, qty, limit, stop);
            order.DisclosedQty = (int)(FyersState.Number(body, "disclosedQty") ?? order.DisclosedQty);
            order.Modifications++;
            state.TryFill(order);
            return Ok(new() { ["id"] = order.Id }, 1102, "Successfully modified order");
        }) ?? Error(400, -51, "Invalid order id");
    }

    private static async Task<IResult> CancelOrder(HttpContext http, FyersState state)
    {
        var id = await ReadJsonAsync(http) is { } body && body.TryGetProperty("id", out var v) ? v.GetString() : null;
        return (id is null ? null : state.WithOrder(User(http).FyId, id, order =>
        {
            if (order.Status != 6)
            {
                return Error(400, -99, "Order cannot be cancelled: it is no longer pending");
            }

            order.Status = 1;
            order.Message = "Cancelled by user";
            return Ok(new() { ["id"] = order.Id }, 1103, "Successfully cancelled order");
        })) ?? Error(400, -51, "Invalid order id");
    }

    private static string? PriceProblem(int type, decimal limit, decimal stop) => type switch
    {
        1 when limit <= 0 => "Invalid input: limitPrice is required for a limit order",
        3 when stop <= 0 => "Invalid input: stopPrice is required for a stop order",
        4 when limit <= 0 || stop <= 0 => "Invalid input: limitPrice and stopPrice are required for a stop-limit order",
        _ => null,
    };

    private static string Ist(DateTimeOffset at) => at.ToOffset(_ist).ToString("dd-MMM-yyyy HH:mm:ss", CultureInfo.InvariantCulture);

    private static Dictionary<string, object?> OrderWire(FyersSandboxOrder o) => new()
    {
        ["id"] = o.Id,
        ["exchOrdId"] = o.Status is 2 or 6 ? "1100000" + o.Id[^8..] : "",
        ["symbol"] = o.Instrument.Symbol,
        ["qty"] = o.Qty,
        ["remainingQuantity"] = o.Status == 6 ? o.Qty - o.Filled : 0,
        ["filledQty"] = o.Filled,
        ["status"] = o.Status,
        ["orderNumStatus"] = $"{o.Id}:{o.Status}",
        ["slNo"] = 0,
        ["message"] = o.Message,
        ["segment"] = 10,
        ["limitPrice"] = o.LimitPrice,
        ["stopPrice"] = o.StopPrice,
        ["productType"] = o.ProductType,
        ["type"] = o.Type,
        ["side"] = o.Side,
        ["disclosedQty"] = o.DisclosedQty,
        ["orderValidity"] = o.Validity,
        ["orderDateTime"] = Ist(o.PlacedAt),
        ["parentId"] = "",
        ["tradedPrice"] = o.TradedPrice,
        ["source"] = "API",
        ["fyToken"] = o.Instrument.FyToken,
        ["offlineOrder"] = false,
        ["pan"] = "",
        ["clientId"] = o.FyId,
        ["exchange"] = 10,
        ["instrument"] = 0,
        ["orderTag"] = o.Tag is null ? "2:Untagged" : "1:" + o.Tag,
        ["takeProfit"] = 0,
        ["stopLoss"] = 0,
    };

    private static Dictionary<string, object?> TradeWire(FyersSandboxTrade t, int row) => new()
    {
        ["clientId"] = t.Order.FyId,
        ["orderDateTime"] = Ist(t.At),
        ["orderNumber"] = t.Order.Id,
        ["exchangeOrderNo"] = "1100000" + t.Order.Id[^8..],
        ["exchange"] = 10,
        ["side"] = t.Order.Side,
        ["segment"] = 10,
        ["orderType"] = t.Order.Type,
        ["fyToken"] = t.Order.Instrument.FyToken,
        ["productType"] = t.Order.ProductType,
        ["tradedQty"] = t.Qty,
        ["tradePrice"] = t.Price,
        ["tradeValue"] = t.Qty * t.Price,
        ["tradeNumber"] = t.TradeNumber,
        ["row"] = row,
        ["symbol"] = t.Order.Instrument.Symbol,
        ["orderTag"] = t.Order.Tag is null ? "2:Untagged" : "1:" + t.Order.Tag,
    };
}
