using System.Globalization;
using System.Net;
using System.Text.Json;
using BrokerConsole.Sandbox.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Sandbox.Dhan;

/// <summary>
/// DhanHQ v2 under <c>/sandbox/dhan/v2</c> (the sandbox's <c>api.dhan.co/v2</c>): <c>access-token</c> + <c>client-id</c>
/// headers, raw JSON bodies, <c>{errorType, errorCode, errorMessage}</c> errors (DH-901 with HTTP 401 for a bad or expired
/// token, DH-904 with HTTP 429 past a rate limit), profile, fundlimit (with Dhan's own "availabelBalance" spelling), order
/// book / single order / place / modify / cancel, trade book, positions, holdings, marketfeed/ltp, and the static-IP rule
/// on place/modify/cancel only. The auth host is <see cref="DhanAuthEndpoints"/>. Control: <c>POST __control/tokens/expire {"client_id":…}</c>, <c>POST __control/allowed-ips {"client_id":…,"ips":[…]}</c> and
/// <c>POST __control/faults {"count":1,"status":503,"error_code":"DH-908","message":"…","path_prefix":"/profile","retry_after":1}</c>.
/// </summary>
internal static class DhanSandboxEndpoints
{
    public const string Prefix = "/sandbox/dhan";

    internal static readonly JsonSerializerOptions Json = new();

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var root = endpoints.MapGroup(Prefix).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        root.MapPost("/__control/tokens/expire", async (HttpContext http, DhanState state) =>
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            var clientId = doc.RootElement.TryGetProperty("client_id", out var c) ? c.GetString() : null;
            return Results.Json(new { expired = state.Expire(clientId) }, Json);
        });
        root.MapPost("/__control/allowed-ips", async (HttpContext http, DhanState state) =>
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            var clientId = doc.RootElement.GetProperty("client_id").GetString() ?? "";
            var ips = doc.RootElement.GetProperty("ips").EnumerateArray().Select(i => i.GetString() ?? "").ToList();
            if (ips.Any(ip => !IPAddress.TryParse(ip, out _)))
            {
                return Error(400, "Input_Exception", "DH-905", "Invalid IP.");
            }

            state.SetAllowedOrderIps(clientId, ips);
            return Results.Json(new { client_id = clientId, ips }, Json);
        });
        root.MapPost("/__control/faults", async (HttpContext http, DhanState state) =>
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            var body = doc.RootElement;
            string? Text(string name) => body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            int? Number(string name) => body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;
            var (count, status) = (Number("count") ?? 1, Number("status") ?? 500);
            if (count <= 0 || status is < 200 or > 599)
            {
                return Error(400, "Input_Exception", "DH-905", "Give count > 0 and a status between 200 and 599.");
            }

            state.Faults.Add(new InjectedFault(status, Text("error_code"), Text("message") ?? "Injected failure", Text("path_prefix"), Number("retry_after")) { Remaining = count });
            return Results.Json(new { queued = count }, Json);
        });
        DhanAuthEndpoints.Map(root.MapGroup("/auth"));

        var v2 = root.MapGroup("/v2").AddEndpointFilter(AuthFilter);
        v2.MapGet("/profile", (HttpContext http) =>
        {
            var token = Token(http);
            var validity = DhanState.IstProfile(token.ValidUntil);
            return Results.Json(new { dhanClientId = token.User.ClientId, dhanClientName = token.User.Name, tokenValidity = validity, activeSegment = "Equity, Derivative", ddpi = "Deactive", mtf = "Deactive", dataPlan = "Active", dataValidity = validity }, Json);
        });
        v2.MapGet("/fundlimit", (HttpContext http, DhanState state) =>
        {
            var user = User(http);
            var spent = state.Orders(user.ClientId).Sum(o => (o.Side == "BUY" ? 1 : -1) * o.Filled * o.AveragePrice);
            return Results.Json(new { dhanClientId = user.ClientId, availabelBalance = user.OpeningBalance - spent, sodLimit = user.OpeningBalance, collateralAmount = 0m, receiveableAmount = 0m, utilizedAmount = spent, blockedPayoutAmount = 0m, withdrawableBalance = user.OpeningBalance - spent }, Json);
        });
        v2.MapGet("/orders", (HttpContext http, DhanState state) => Results.Json(state.Orders(User(http).ClientId).Select(o => DhanWire.Order(User(http), o)).ToList(), Json));
        v2.MapPost("/orders", PlaceOrder);
        v2.MapGet("/orders/{orderId}", (string orderId, HttpContext http, DhanState state) =>
            state.Orders(User(http).ClientId).FirstOrDefault(o => o.OrderId == orderId) is { } order
                ? Results.Json(DhanWire.Order(User(http), order), Json)
                : Error(400, "Order_Error", "DH-906", "Incorrect order id"));
        v2.MapPut("/orders/{orderId}", ModifyOrder);
        v2.MapDelete("/orders/{orderId}", (string orderId, HttpContext http, DhanState state) =>
        {
            if (OrderIp(http) is { } refusal)
            {
                return refusal;
            }

            var user = User(http);
            var order = state.Orders(user.ClientId).FirstOrDefault(o => o.OrderId == orderId);
            if (order is null)
            {
                return Error(400, "Order_Error", "DH-906", "Incorrect order id");
            }

            state.Cancel(user.ClientId, order);
            // Dhan answers a cancel with 202 Accepted: it is asynchronous, so clients re-poll (reference §1.6).
            return Results.Json(new { orderId = order.OrderId, orderStatus = order.Status }, Json, statusCode: 202);
        });
        v2.MapGet("/trades", (HttpContext http, DhanState state) =>
        {
            var user = User(http);
            var orders = state.Orders(user.ClientId).ToDictionary(o => o.OrderId);
            return Results.Json(state.Trades(user.ClientId).Select(t => DhanWire.Trade(user, orders[t.OrderId], t)).ToList(), Json);
        });
        v2.MapGet("/trades/{orderId}", (string orderId, HttpContext http, DhanState state) =>
        {
            var user = User(http);
            var order = state.Orders(user.ClientId).FirstOrDefault(o => o.OrderId == orderId);
            return order is null
                ? Error(400, "Order_Error", "DH-906", "Incorrect order id")
                : Results.Json(state.Trades(user.ClientId).Where(t => t.OrderId == orderId).Select(t => DhanWire.Trade(user, order, t)).ToList(), Json);
        });
        v2.MapGet("/positions", (HttpContext http, DhanState state) => Results.Json(DhanWire.Positions(state.Orders(User(http).ClientId)), Json));
        v2.MapGet("/holdings", (HttpContext http) =>
        {
            var user = User(http);
            // Sandbox choice, as the live API is reported to answer: no holdings is a DH-907 "no data" error, not [].
            return user.Holdings.Count == 0
                ? Error(400, "Data_Error", "DH-907", "No holdings available")
                : Results.Json(user.Holdings.Select(DhanWire.Holding).ToList(), Json);
        });
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

            return Results.Json(new { data, status = "success" }, Json);
        });
    }

    public static IResult Error(int status, string type, string code, string message) =>
        Results.Json(new { errorType = type, errorCode = code, errorMessage = message }, Json, statusCode: status);

    private static DhanToken Token(HttpContext http) => (DhanToken)http.Items[typeof(DhanToken)]!;

    private static DhanSandboxUser User(HttpContext http) => Token(http).User;

    private static async ValueTask<object?> AuthFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var state = http.RequestServices.GetRequiredService<DhanState>();
        // Injected faults first, so a test can fail any call the way a gateway in front of Dhan would.
        if (state.Faults.Take(http.Request.Path.Value ?? "", Prefix + "/v2") is { } fault)
        {
            InjectedFault.ApplyRetryAfter(http, fault.RetryAfterSeconds);
            return Error(fault.Status, fault.Status == 429 ? "Rate_Limit" : "Server_Error", fault.Code ?? (fault.Status == 429 ? "DH-904" : "DH-908"), fault.Message);
        }

        var clientId = http.Request.Headers["client-id"].ToString();
        // Dhan checks the token against the client id it was issued to: a missing or other client id is DH-901.
        var token = state.Find(http.Request.Headers["access-token"].ToString(), clientId);
        if (token is null)
        {
            return Error(401, "Invalid_Authentication", "DH-901", "Client ID or user generated access token is invalid or expired.");
        }

        var path = http.Request.Path.Value ?? "";
        var kind = path.Contains("/marketfeed/", StringComparison.Ordinal) ? DhanCallKind.Quote
            : path.Contains("/orders", StringComparison.Ordinal) && !HttpMethods.IsGet(http.Request.Method) ? DhanCallKind.Order
            : DhanCallKind.NonTrading;
        if (!http.RequestServices.GetRequiredService<DhanRateLimiter>().TryAcquire(token.User.ClientId, kind))
        {
            return Error(429, "Rate_Limit", "DH-904", "Too many requests. Please try after some time.");
        }

        http.Items[typeof(DhanToken)] = token;
        return await next(context);
    }

    /// <summary>Sandbox choice (no published code): HTTP 403, DH-902 "Invalid Access", message naming the rule and IP.</summary>
    private static IResult? OrderIp(HttpContext http)
    {
        var allowed = http.RequestServices.GetRequiredService<DhanState>().AllowedOrderIps(User(http));
        return StaticIpRule.Refuses(allowed, http.Connection.RemoteIpAddress, out var caller)
            ? Error(403, "Invalid_Access", "DH-902", $"Order rejected: request IP {caller} is not the static IP registered for this client.")
            : null;
    }

    private static async Task<JsonElement?> BodyAsync(HttpContext http)
    {
        try
        {
            return (await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted)).RootElement;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? S(JsonElement b, string n) =>
        b.ValueKind == JsonValueKind.Object && b.TryGetProperty(n, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;

    private static decimal? D(JsonElement b, string n) =>
        decimal.TryParse(S(b, n), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static async Task<IResult> PlaceOrder(HttpContext http, DhanState state)
    {
        if (OrderIp(http) is { } refusal)
        {
            return refusal;
        }

        if (await BodyAsync(http) is not { } b)
        {
            return Error(400, "Input_Exception", "DH-905", "Invalid JSON");
        }

        var user = User(http);
        if (S(b, "dhanClientId") != user.ClientId || S(b, "securityId") is not { } sid || !DhanState.Scrips.ContainsKey(sid) || S(b, "exchangeSegment") != "NSE_EQ"
            || S(b, "transactionType") is not ("BUY" or "SELL") || S(b, "orderType") is not ("LIMIT" or "MARKET" or "STOP_LOSS" or "STOP_LOSS_MARKET")
            || !int.TryParse(S(b, "quantity"), out var qty) || qty <= 0)
        {
            return Error(400, "Input_Exception", "DH-905", "Missing or invalid fields: dhanClientId, securityId, exchangeSegment, transactionType, orderType, quantity");
        }

        var order = state.Add(user.ClientId, new DhanSandboxOrder
        {
            OrderId = state.NextId(),
            SecurityId = sid,
            Segment = "NSE_EQ",
            Side = S(b, "transactionType")!,
            ProductType = S(b, "productType") ?? "CNC",
            OrderType = S(b, "orderType")!,
            Validity = S(b, "validity") ?? "DAY",
            Quantity = qty,
            Price = D(b, "price") ?? 0m,
            TriggerPrice = D(b, "triggerPrice") ?? 0m,
            CorrelationId = S(b, "correlationId"),
            CreatedAt = state.Now,
            UpdatedAt = state.Now,
        });
        return Results.Json(new { orderId = order.OrderId, orderStatus = "TRANSIT" }, Json);
    }

    private static async Task<IResult> ModifyOrder(string orderId, HttpContext http, DhanState state)
    {
        if (OrderIp(http) is { } refusal)
        {
            return refusal;
        }

        if (await BodyAsync(http) is not { } b)
        {
            return Error(400, "Input_Exception", "DH-905", "Invalid JSON");
        }

        var user = User(http);
        var order = state.Orders(user.ClientId).FirstOrDefault(o => o.OrderId == orderId);
        if (order is null)
        {
            return Error(400, "Order_Error", "DH-906", "Incorrect order id");
        }

        var orderType = S(b, "orderType");
        int? quantity = int.TryParse(S(b, "quantity"), out var q) ? q : null;
        if (S(b, "dhanClientId") != user.ClientId || S(b, "orderId") != orderId
            || orderType is not ("LIMIT" or "MARKET" or "STOP_LOSS" or "STOP_LOSS_MARKET") || quantity is not > 0
            || (orderType is "LIMIT" or "STOP_LOSS" && D(b, "price") is not > 0))
        {
            return Error(400, "Input_Exception", "DH-905", "Missing or invalid fields: dhanClientId, orderId, orderType, quantity, price");
        }

        var refused = state.Modify(user.ClientId, order, o =>
        {
            o.OrderType = orderType;
            o.Quantity = quantity.Value;
            o.Price = D(b, "price") ?? o.Price;
            o.TriggerPrice = D(b, "triggerPrice") ?? o.TriggerPrice;
            o.Validity = S(b, "validity") ?? o.Validity;
        });
        return refused is null
            ? Results.Json(new { orderId = order.OrderId, orderStatus = order.Status }, Json)
            : Error(400, "Order_Error", "DH-906", refused);
    }
}
