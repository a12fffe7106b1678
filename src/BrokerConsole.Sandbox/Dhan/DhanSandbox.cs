using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using BrokerConsole.Sandbox.Kite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Sandbox.Dhan;

/// <summary>The <c>Sandbox:Dhan</c> section: clients with an access token as if generated on web.dhan.co.</summary>
public sealed class DhanSandboxOptions
{
    public IList<DhanSandboxUser> Users { get; } = [];

    /// <summary>Dhan tokens live 24 hours (reference §1.5); counted from the sandbox's start.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(24);
}

public sealed class DhanSandboxUser
{
    /// <summary>Numeric Dhan client id, e.g. <c>1000000001</c>.</summary>
    public string ClientId { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>The token the user would paste into the app.</summary>
    public string AccessToken { get; set; } = "";

    public decimal OpeningBalance { get; set; } = 1_000_000m;

    /// <summary>Static IPs allowed for order APIs; empty means any IP.</summary>
    public IList<string> AllowedOrderIps { get; } = [];
}

internal sealed class DhanSandboxOrder
{
    public required string OrderId { get; init; }
    public required string SecurityId { get; init; }
    public required string Segment { get; init; }
    public required string Side { get; init; }
    public required string ProductType { get; init; }
    public required string OrderType { get; init; }
    public required int Quantity { get; init; }
    public required decimal Price { get; init; }
    public string? CorrelationId { get; init; }
    public string Status { get; set; } = "PENDING";
    public int Filled { get; set; }
    public decimal AveragePrice { get; set; }
}

internal sealed class DhanState(IOptions<SandboxOptions> options, TimeProvider clock)
{
    /// <summary>Security id → (trading symbol, LTP), NSE_EQ only (sandbox choice: steady prices).</summary>
    public static readonly IReadOnlyDictionary<string, (string Symbol, decimal Ltp)> Scrips = new Dictionary<string, (string, decimal)>(StringComparer.Ordinal)
    {
        ["1333"] = ("HDFCBANK", 1712.35m),
        ["3045"] = ("SBIN", 812.40m),
        ["1594"] = ("INFY", 1502.50m),
        ["11536"] = ("TCS", 4020.00m),
    };

    private readonly DateTimeOffset _started = clock.GetUtcNow();
    private readonly ConcurrentDictionary<string, bool> _expired = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<DhanSandboxOrder>> _orders = new(StringComparer.Ordinal);
    private long _next = 1;

    public DhanSandboxOptions Options => options.Value.Dhan;

    public DateTimeOffset ValidUntil => _started + Options.TokenLifetime;

    public DhanSandboxUser? Find(string? token, string? clientId) =>
        clock.GetUtcNow() < ValidUntil && token is not null && !_expired.ContainsKey(token)
            ? Options.Users.FirstOrDefault(u => u.AccessToken == token && (clientId is null || u.ClientId == clientId))
            : null;

    public int Expire(string? clientId) =>
        Options.Users.Where(u => clientId is null || u.ClientId == clientId).Count(u => _expired.TryAdd(u.AccessToken, true));

    public List<DhanSandboxOrder> Orders(string clientId)
    {
        var list = _orders.GetOrAdd(clientId, _ => []);
        lock (list)
        {
            return [.. list];
        }
    }

    public DhanSandboxOrder Add(string clientId, DhanSandboxOrder order)
    {
        var ltp = Scrips[order.SecurityId].Ltp;
        if (order.OrderType == "MARKET" || (order.OrderType == "LIMIT" && (order.Side == "BUY" ? order.Price >= ltp : order.Price <= ltp)))
        {
            order.Status = "TRADED";
            order.Filled = order.Quantity;
            order.AveragePrice = ltp;
        }

        var list = _orders.GetOrAdd(clientId, _ => []);
        lock (list)
        {
            list.Add(order);
        }

        return order;
    }

    public string NextId() => "5226" + Interlocked.Increment(ref _next).ToString("D8", CultureInfo.InvariantCulture);
}

/// <summary>
/// DhanHQ v2 under <c>/sandbox/dhan/v2</c>: <c>access-token</c> + <c>client-id</c> headers, raw JSON bodies,
/// <c>{errorType, errorCode, errorMessage}</c> errors (DH-901 with HTTP 401 for a bad or expired token), profile,
/// fundlimit (with Dhan's own "availabelBalance" spelling), orders, positions, holdings, marketfeed/ltp and the
/// static-IP rule on order APIs. Control: <c>POST __control/tokens/expire {"client_id":…}</c>.
/// </summary>
internal static class DhanSandboxEndpoints
{
    public const string Prefix = "/sandbox/dhan";

    private static readonly JsonSerializerOptions _json = new();

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var root = endpoints.MapGroup(Prefix).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        root.MapPost("/__control/tokens/expire", async (HttpContext http, DhanState state) =>
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            var clientId = doc.RootElement.TryGetProperty("client_id", out var c) ? c.GetString() : null;
            return Results.Json(new { expired = state.Expire(clientId) }, _json);
        });

        var v2 = root.MapGroup("/v2").AddEndpointFilter(AuthFilter);
        v2.MapGet("/profile", (HttpContext http, DhanState state) =>
        {
            var user = User(http);
            var validity = state.ValidUntil.ToOffset(TimeSpan.FromHours(5.5)).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
            return Results.Json(new { dhanClientId = user.ClientId, dhanClientName = user.Name, tokenValidity = validity, activeSegment = "Equity, Derivative", ddpi = "Deactive", mtf = "Deactive", dataPlan = "Active", dataValidity = validity }, _json);
        });
        v2.MapGet("/fundlimit", (HttpContext http, DhanState state) =>
        {
            var user = User(http);
            var spent = state.Orders(user.ClientId).Sum(o => (o.Side == "BUY" ? 1 : -1) * o.Filled * o.AveragePrice);
            return Results.Json(new { dhanClientId = user.ClientId, availabelBalance = user.OpeningBalance - spent, sodLimit = user.OpeningBalance, collateralAmount = 0m, receiveableAmount = 0m, utilizedAmount = spent, blockedPayoutAmount = 0m, withdrawableBalance = user.OpeningBalance - spent }, _json);
        });
        v2.MapGet("/orders", (HttpContext http, DhanState state) => Results.Json(state.Orders(User(http).ClientId).Select(o => OrderWire(User(http), o)).ToList(), _json));
        v2.MapPost("/orders", PlaceOrder);
        v2.MapDelete("/orders/{orderId}", (string orderId, HttpContext http, DhanState state) =>
        {
            if (OrderIp(http) is { } refusal)
            {
                return refusal;
            }

            var order = state.Orders(User(http).ClientId).FirstOrDefault(o => o.OrderId == orderId);
            if (order is null)
            {
                return Error(400, "Order Error", "DH-906", "Incorrect order id");
            }

            if (order.Status == "PENDING")
            {
                order.Status = "CANCELLED";
            }

            return Results.Json(new { orderId = order.OrderId, orderStatus = order.Status }, _json, statusCode: 202);
        });
        v2.MapGet("/positions", (HttpContext http, DhanState state) => Results.Json(state.Orders(User(http).ClientId).Where(o => o.Filled > 0).GroupBy(o => (o.SecurityId, o.ProductType)).Select(g =>
        {
            var buy = g.Where(o => o.Side == "BUY").Sum(o => o.Filled);
            var sell = g.Where(o => o.Side == "SELL").Sum(o => o.Filled);
            var buyAvg = buy == 0 ? 0 : g.Where(o => o.Side == "BUY").Sum(o => o.Filled * o.AveragePrice) / buy;
            return new { tradingSymbol = DhanState.Scrips[g.Key.SecurityId].Symbol, securityId = g.Key.SecurityId, positionType = buy > sell ? "LONG" : sell > buy ? "SHORT" : "CLOSED", exchangeSegment = "NSE_EQ", productType = g.Key.ProductType, buyAvg, buyQty = buy, costPrice = buyAvg, sellAvg = 0m, sellQty = sell, netQty = buy - sell, realizedProfit = 0m, unrealizedProfit = (DhanState.Scrips[g.Key.SecurityId].Ltp - buyAvg) * (buy - sell), multiplier = 1 };
        }).ToList(), _json));
        v2.MapGet("/holdings", () => Error(400, "Data Error", "DH-907", "No holdings available"));
        v2.MapPost("/marketfeed/ltp", async (HttpContext http) =>
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            var data = new Dictionary<string, Dictionary<string, object>>();
            foreach (var segment in doc.RootElement.EnumerateObject())
            {
                data[segment.Name] = segment.Value.EnumerateArray().Select(v => v.ToString())
                    .Where(id => segment.Name == "NSE_EQ" && DhanState.Scrips.ContainsKey(id))
                    .ToDictionary(id => id, id => (object)new { last_price = DhanState.Scrips[id].Ltp });
            }

            return Results.Json(new { data, status = "success" }, _json);
        });
    }

    private static DhanSandboxUser User(HttpContext http) => (DhanSandboxUser)http.Items[typeof(DhanSandboxUser)]!;

    public static IResult Error(int status, string type, string code, string message) =>
        Results.Json(new { errorType = type, errorCode = code, errorMessage = message }, _json, statusCode: status);

    private static async ValueTask<object?> AuthFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var state = http.RequestServices.GetRequiredService<DhanState>();
        var clientId = http.Request.Headers["client-id"].ToString();
        var user = state.Find(http.Request.Headers["access-token"].ToString(), string.IsNullOrEmpty(clientId) ? null : clientId);
        if (user is null)
        {
            return Error(401, "Invalid_Authentication", "DH-901", "Client ID or user generated access token is invalid or expired.");
        }

        http.Items[typeof(DhanSandboxUser)] = user;
        return await next(context);
    }

    /// <summary>Sandbox choice (no published code): HTTP 403, DH-902 "Invalid Access", message naming the rule and IP.</summary>
    private static IResult? OrderIp(HttpContext http)
    {
        var user = User(http);
        var remote = http.Connection.RemoteIpAddress;
        var caller = remote is { IsIPv4MappedToIPv6: true } ? remote.MapToIPv4() : remote;
        return user.AllowedOrderIps.Count > 0 && (caller is null || !user.AllowedOrderIps.Select(IPAddress.Parse).Contains(caller))
            ? Error(403, "Invalid_Access", "DH-902", $"Order rejected: request IP {caller} is not the static IP registered for this client.")
            : null;
    }

    private static async Task<IResult> PlaceOrder(HttpContext http, DhanState state)
    {
        if (OrderIp(http) is { } refusal)
        {
            return refusal;
        }

        JsonElement b;
        try
        {
            b = (await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted)).RootElement;
        }
        catch (JsonException)
        {
            return Error(400, "Input_Exception", "DH-905", "Invalid JSON");
        }

        string? S(string n) => b.TryGetProperty(n, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;
        var user = User(http);
        if (S("dhanClientId") != user.ClientId || S("securityId") is not { } sid || !DhanState.Scrips.ContainsKey(sid) || S("exchangeSegment") != "NSE_EQ"
            || S("transactionType") is not ("BUY" or "SELL") || S("orderType") is not ("LIMIT" or "MARKET" or "STOP_LOSS" or "STOP_LOSS_MARKET")
            || !int.TryParse(S("quantity"), out var qty) || qty <= 0)
        {
            return Error(400, "Input_Exception", "DH-905", "Missing or invalid fields: dhanClientId, securityId, exchangeSegment, transactionType, orderType, quantity");
        }

        var order = state.Add(user.ClientId, new DhanSandboxOrder
        {
            OrderId = state.NextId(),
            SecurityId = sid,
            Segment = "NSE_EQ",
            Side = S("transactionType")!,
            ProductType = S("productType") ?? "CNC",
            OrderType = S("orderType")!,
            Quantity = qty,
            Price = decimal.TryParse(S("price"), NumberStyles.Number, CultureInfo.InvariantCulture, out var p) ? p : 0m,
            CorrelationId = S("correlationId"),
        });
        return Results.Json(new { orderId = order.OrderId, orderStatus = "TRANSIT" }, _json);
    }

    private static object OrderWire(DhanSandboxUser user, DhanSandboxOrder o) => new
    {
        dhanClientId = user.ClientId,
        orderId = o.OrderId,
        exchangeOrderId = o.Status == "TRADED" ? "1100" + o.OrderId[^8..] : "",
        correlationId = o.CorrelationId ?? "",
        orderStatus = o.Status,
        transactionType = o.Side,
        exchangeSegment = o.Segment,
        productType = o.ProductType,
        orderType = o.OrderType,
        validity = "DAY",
        tradingSymbol = DhanState.Scrips[o.SecurityId].Symbol,
        securityId = o.SecurityId,
        quantity = o.Quantity,
        disclosedQuantity = 0,
        price = o.Price,
        triggerPrice = 0m,
        afterMarketOrder = false,
        remainingQuantity = o.Status == "PENDING" ? o.Quantity - o.Filled : 0,
        averageTradedPrice = o.AveragePrice,
        filledQty = o.Filled,
        omsErrorCode = "",
        omsErrorDescription = "",
    };
}
