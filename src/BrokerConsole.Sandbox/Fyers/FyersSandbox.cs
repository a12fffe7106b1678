using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BrokerConsole.Sandbox.Kite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Sandbox.Fyers;

internal sealed record FyersSession(string Token, string AppId, string FyId, DateTimeOffset ExpiresAt)
{
    public bool Ended { get; set; }
}

internal sealed class FyersSandboxOrder
{
    public required string Id { get; init; }
    public required string FyId { get; init; }
    public required string Symbol { get; init; }
    public required int Qty { get; init; }
    public required int Type { get; init; }
    public required int Side { get; init; }
    public required string ProductType { get; init; }
    public required decimal LimitPrice { get; init; }
    public required decimal StopPrice { get; init; }
    public required string Validity { get; init; }
    public string? Tag { get; init; }
    public required DateTimeOffset PlacedAt { get; init; }
    public int Status { get; set; } = 6;
    public int Filled { get; set; }
    public decimal TradedPrice { get; set; }
    public string Message { get; set; } = "";
}

/// <summary>Sessions, auth codes, order books and faults of the Fyers sandbox.</summary>
internal sealed class FyersState(IOptions<SandboxOptions> options, TimeProvider clock)
{
    /// <summary>A small fixed universe: symbol → LTP (sandbox choice: steady prices).</summary>
    public static readonly IReadOnlyDictionary<string, decimal> Prices = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["NSE:SBIN-EQ"] = 812.40m,
        ["NSE:INFY-EQ"] = 1502.50m,
        ["NSE:RELIANCE-EQ"] = 1288.00m,
        ["NSE:TCS-EQ"] = 4020.00m,
    };

    private readonly ConcurrentDictionary<string, FyersSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string AppId, string FyId, DateTimeOffset Expires)> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<FyersSandboxOrder>> _orders = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string, long), int> _windows = new();
    private readonly List<(int Status, int Code, string Message, string? Prefix, int[] Remaining)> _faults = [];
    private long _next = 1;

    public FyersSandboxOptions Options => options.Value.Fyers;

    public DateTimeOffset Now => clock.GetUtcNow();

    public string IssueCode(string appId, string fyId)
    {
        var code = Jwt(new Dictionary<string, object> { ["sub"] = "auth_code", ["app_id"] = appId, ["jti"] = Guid.NewGuid().ToString("N") });
        _codes[code] = (appId, fyId, Now + Options.AuthCodeLifetime);
        return code;
    }

    /// <summary>Single use: a second validate with the same code fails like an unknown one.</summary>
    public (string AppId, string FyId)? TakeCode(string code) =>
        _codes.TryRemove(code, out var entry) && entry.Expires > Now ? (entry.AppId, entry.FyId) : null;

    public FyersSession Issue(string appId, string fyId)
    {
        // A trading-day token: it dies at the next 06:00 IST, as the daily 2FA rule implies.
        var ist = Now.ToOffset(TimeSpan.FromHours(5.5));
        var flush = new DateTimeOffset(ist.Year, ist.Month, ist.Day, 6, 0, 0, ist.Offset);
        var expires = ist < flush ? flush : flush.AddDays(1);
        var token = Jwt(new Dictionary<string, object> { ["sub"] = "access_token", ["fy_id"] = fyId, ["exp"] = expires.ToUnixTimeSeconds(), ["jti"] = Guid.NewGuid().ToString("N") });
        var session = new FyersSession(token, appId, fyId, expires);
        _sessions[token] = session;
        return session;
    }

    public FyersSession? Find(string appId, string token) =>
        _sessions.TryGetValue(token, out var s) && !s.Ended && s.AppId == appId && s.ExpiresAt > Now ? s : null;

    public int Expire(string? fyId, bool all)
    {
        var n = 0;
        foreach (var s in _sessions.Values.Where(s => !s.Ended && (all || string.Equals(s.FyId, fyId, StringComparison.OrdinalIgnoreCase))))
        {
            s.Ended = true;
            n++;
        }

        return n;
    }

    /// <summary>10 requests per second per app (reference §2.9), on the wall clock for the same reason as Angel's.</summary>
    public bool TryCount(string appId) => _windows.AddOrUpdate((appId, DateTimeOffset.UtcNow.ToUnixTimeSeconds()), 1, (_, c) => c + 1) <= 10;

    public void AddFault(int status, int code, string message, string? prefix, int count)
    {
        lock (_faults)
        {
            _faults.Add((status, code, message, prefix, [count]));
        }
    }

    public (int Status, int Code, string Message)? TakeFault(string path)
    {
        lock (_faults)
        {
            foreach (var f in _faults)
            {
                if (f.Remaining[0] > 0 && (f.Prefix is null || path.StartsWith(f.Prefix, StringComparison.OrdinalIgnoreCase)
                    || path.StartsWith(FyersSandboxEndpoints.Prefix + f.Prefix, StringComparison.OrdinalIgnoreCase)))
                {
                    f.Remaining[0]--;
                    return (f.Status, f.Code, f.Message);
                }
            }

            return null;
        }
    }

    public void Reset(bool orders)
    {
        lock (_faults)
        {
            _faults.Clear();
        }

        _windows.Clear();
        if (orders)
        {
            _orders.Clear();
        }
    }

    public List<FyersSandboxOrder> Orders(string fyId)
    {
        var list = _orders.GetOrAdd(fyId, _ => []);
        lock (list)
        {
            return [.. list];
        }
    }

    public FyersSandboxOrder Place(string fyId, string symbol, JsonElement body)
    {
        var order = new FyersSandboxOrder
        {
            Id = Now.ToOffset(TimeSpan.FromHours(5.5)).ToString("yyMMdd", CultureInfo.InvariantCulture) + Interlocked.Increment(ref _next).ToString("D8", CultureInfo.InvariantCulture),
            FyId = fyId,
            Symbol = symbol,
            Qty = body.GetProperty("qty").GetInt32(),
            Type = body.GetProperty("type").GetInt32(),
            Side = body.GetProperty("side").GetInt32(),
            ProductType = body.GetProperty("productType").GetString()!,
            LimitPrice = body.TryGetProperty("limitPrice", out var lp) ? lp.GetDecimal() : 0m,
            StopPrice = body.TryGetProperty("stopPrice", out var sp) ? sp.GetDecimal() : 0m,
            Validity = body.TryGetProperty("validity", out var v) ? v.GetString() ?? "DAY" : "DAY",
            Tag = body.TryGetProperty("orderTag", out var t) ? t.GetString() : null,
            PlacedAt = Now,
        };
        var ltp = Prices[symbol];
        // Market orders and marketable limits fill at the LTP; the rest rest at the exchange (status 6).
        if (order.Type == 2 || (order.Type == 1 && (order.Side == 1 ? order.LimitPrice >= ltp : order.LimitPrice <= ltp)))
        {
            order.Status = 2;
            order.Filled = order.Qty;
            order.TradedPrice = ltp;
        }

        var list = _orders.GetOrAdd(fyId, _ => []);
        lock (list)
        {
            list.Add(order);
        }

        return order;
    }

    public FyersSandboxOrder? Cancel(string fyId, string id)
    {
        var list = _orders.GetOrAdd(fyId, _ => []);
        lock (list)
        {
            var order = list.FirstOrDefault(o => o.Id == id);
            if (order is { Status: 6 })
            {
                order.Status = 1;
                order.Message = "Cancelled by user";
            }

            return order;
        }
    }

    private static string Jwt(Dictionary<string, object> claims)
    {
        static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return B64(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")) + "." + B64(JsonSerializer.SerializeToUtf8Bytes(claims)) + "." + B64(RandomNumberGenerator.GetBytes(32));
    }
}

/// <summary>Marks order mutations: the static-IP rule applies.</summary>
internal sealed record FyersOrderWriteMetadata;

/// <summary>
/// Fyers API v3 under <c>/sandbox/fyers</c> (the sandbox's <c>api-t1.fyers.in</c>): the auth-code login page,
/// validate-authcode with appIdHash, profile, funds, orders (place/cancel on <c>/orders/sync</c>), positions, holdings,
/// <c>/data/quotes</c> and logout, with the <c>{"s","code","message"}</c> envelope, negative codes, integer order statuses,
/// 10/s limit (HTTP 429, -429) and the static-IP rule. A control surface lives under <c>__control/</c>.
/// </summary>
internal static class FyersSandboxEndpoints
{
    public const string Prefix = "/sandbox/fyers";

    private static readonly JsonSerializerOptions _json = new();

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var root = endpoints.MapGroup(Prefix).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        MapControl(root.MapGroup("/__control"));
        root.MapGet("/api/v3/generate-authcode", LoginPage);
        root.MapPost("/api/v3/generate-authcode", LoginSubmit);

        var api = root.MapGroup("").AddEndpointFilter(FaultFilter);
        api.MapPost("/api/v3/validate-authcode", ValidateAuthCode);

        var authed = api.MapGroup("").AddEndpointFilter(AuthFilter);
        authed.MapGet("/api/v3/profile", (HttpContext http) =>
        {
            var user = User(http);
            return Ok(new Dictionary<string, object?>
            {
                ["data"] = new { fy_id = user.FyId, name = user.Name, display_name = user.Name.Split(' ')[0], email_id = user.Email, PAN = "XXXXX1234X", mobile_number = "XXXXXX1234", totp = true, ddpi_enabled = false, mtf_enabled = false },
            });
        });
        authed.MapGet("/api/v3/funds", (HttpContext http, FyersState state) => Ok(new Dictionary<string, object?> { ["fund_limit"] = Funds(state, User(http)) }));
        authed.MapGet("/api/v3/orders", (HttpContext http, FyersState state) => Ok(new Dictionary<string, object?> { ["orderBook"] = state.Orders(User(http).FyId).Select(OrderWire).ToList() }));
        authed.MapPost("/api/v3/orders/sync", PlaceOrder).WithMetadata(new FyersOrderWriteMetadata());
        authed.MapDelete("/api/v3/orders/sync", CancelOrder).WithMetadata(new FyersOrderWriteMetadata());
        authed.MapGet("/api/v3/positions", (HttpContext http, FyersState state) => Ok(new Dictionary<string, object?> { ["netPositions"] = Positions(state, User(http).FyId) }));
        authed.MapGet("/api/v3/holdings", (HttpContext http, FyersState state) => Ok(new Dictionary<string, object?> { ["holdings"] = Array.Empty<object>(), ["overall"] = new { count_total = 0, total_investment = 0, total_current_value = 0, total_pl = 0, pnl_perc = 0 } }));
        authed.MapPost("/api/v3/logout", (HttpContext http) =>
        {
            ((FyersSession)http.Items[typeof(FyersSession)]!).Ended = true;
            return Ok(new Dictionary<string, object?>(), message: "Successfully logged out");
        });
        authed.MapGet("/data/quotes", (string? symbols) =>
        {
            var list = (symbols ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (list.Length is 0 or > 50)
            {
                return Error(400, -50, "Give 1 to 50 symbols.");
            }

            return Ok(new Dictionary<string, object?>
            {
                ["d"] = list.Select(s => FyersState.Prices.TryGetValue(s, out var lp)
                    ? (object)new { n = s, s = "ok", v = new { lp, ch = 0, chp = 0, symbol = s, short_name = s.Split(':')[1], exchange = s.Split(':')[0], fyToken = "10100000" + s.Sum(ch => ch).ToString("D4", CultureInfo.InvariantCulture) } }
                    : new { n = s, s = "error", v = new { errmsg = "invalid symbol" } }).ToList(),
            });
        });

        root.Map("/{**path}", () => Error(404, -300, "Route not found"));
    }

    public static IResult Ok(Dictionary<string, object?> payload, int code = 200, string message = "")
    {
        var body = new Dictionary<string, object?> { ["s"] = "ok", ["code"] = code, ["message"] = message };
        foreach (var (k, v) in payload)
        {
            body[k] = v;
        }

        return Results.Json(body, _json);
    }

    public static IResult Error(int status, int code, string message) =>
        Results.Json(new { s = "error", code, message }, _json, statusCode: status);

    private static FyersSandboxUser User(HttpContext http) => (FyersSandboxUser)http.Items[typeof(FyersSandboxUser)]!;

    private static async ValueTask<object?> FaultFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var state = context.HttpContext.RequestServices.GetRequiredService<FyersState>();
        return state.TakeFault(context.HttpContext.Request.Path.Value ?? "") is { } f ? Error(f.Status, f.Code, f.Message) : await next(context);
    }

    /// <summary><c>Authorization: app_id:access_token</c>; a bad or expired token is HTTP 401, code -16 (reference §2.4).</summary>
    private static async ValueTask<object?> AuthFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var state = http.RequestServices.GetRequiredService<FyersState>();
        var parts = http.Request.Headers.Authorization.ToString().Split(':', 2);
        var session = parts.Length == 2 ? state.Find(parts[0].Trim(), parts[1].Trim()) : null;
        var user = state.Options.Users.FirstOrDefault(u => string.Equals(u.FyId, session?.FyId, StringComparison.OrdinalIgnoreCase));
        if (session is null || user is null)
        {
            return Error(401, -16, "Could not authenticate the user");
        }

        if (!state.TryCount(session.AppId))
        {
            return Error(429, -429, "request limit reached");
        }

        http.Items[typeof(FyersSession)] = session;
        http.Items[typeof(FyersSandboxUser)] = user;
        if (http.GetEndpoint()?.Metadata.GetMetadata<FyersOrderWriteMetadata>() is not null)
        {
            var app = state.Options.Apps.First(a => a.AppId == session.AppId);
            var remote = http.Connection.RemoteIpAddress;
            var caller = remote is { IsIPv4MappedToIPv6: true } ? remote.MapToIPv4() : remote;
            // Sandbox choice (no published code): HTTP 400, -99 "order rejected", message naming the rule and the IP.
            if (app.AllowedOrderIps.Count > 0 && (caller is null || !app.AllowedOrderIps.Select(IPAddress.Parse).Contains(caller)))
            {
                return Error(400, -99, $"Order rejected: request IP {caller} is not the static IP registered for this app.");
            }
        }

        return await next(context);
    }

    private static IResult LoginPage(HttpContext http, FyersState state, TimeProvider clock)
    {
        var q = http.Request.Query;
        var app = state.Options.Apps.FirstOrDefault(a => a.AppId == q["client_id"]);
        if (app is null || q["response_type"] != "code" || !string.Equals(app.RedirectUrl, q["redirect_uri"], StringComparison.Ordinal))
        {
            return Results.Content("<!DOCTYPE html><html><body><h1>Invalid app id or redirect URI</h1></body></html>", "text/html; charset=utf-8", statusCode: 400);
        }

        var e = HtmlEncoder.Default;
        var demo = new StringBuilder();
        foreach (var user in state.Options.Users.Where(u => u.ShowOnLoginPage))
        {
            var code = KiteTotp.Compute(KiteTotp.DecodeBase32(user.TotpSecret)!, clock.GetUtcNow().ToUnixTimeSeconds() / 30);
            demo.Append(CultureInfo.InvariantCulture, $"<li>{e.Encode(user.Name)}: id <code>{e.Encode(user.FyId)}</code>, PIN <code>{e.Encode(user.Pin)}</code>, TOTP now <code class=\"demo-totp\" data-user=\"{e.Encode(user.FyId)}\">{code}</code></li>");
        }

        var html = $$"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>FYERS sandbox login</title>
            <style>body{font-family:system-ui,sans-serif;max-width:26rem;margin:2rem auto}label{display:block;margin-top:.6rem}input{width:100%;padding:.4rem}.demo{background:#f3f4f6;padding:.6rem;margin-top:1rem;font-size:.9rem}</style></head>
            <body><h1>FYERS (sandbox)</h1><p>Log in to authorise <code>{{e.Encode(app.AppId)}}</code>.</p>
            <form method="post">
            <input type="hidden" name="client_id" value="{{e.Encode(app.AppId)}}"><input type="hidden" name="state" value="{{e.Encode(q["state"].ToString())}}">
            <label>FYERS id <input id="fy_id" name="fy_id" autocomplete="off"></label>
            <label>TOTP <input id="totp" name="totp" autocomplete="off" inputmode="numeric"></label>
            <label>PIN <input id="pin" name="pin" type="password"></label>
            <p><button id="login-submit" name="action" value="login">Log in</button> <button id="login-cancel" name="action" value="cancel">Cancel</button></p>
            <p id="error">{{e.Encode(q["error"].ToString())}}</p></form>
            {{(demo.Length > 0 ? "<div class=\"demo\"><strong>Demo users</strong><ul>" + demo + "</ul></div>" : "")}}
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static async Task<IResult> LoginSubmit(HttpContext http, FyersState state)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var app = state.Options.Apps.FirstOrDefault(a => a.AppId == form["client_id"]);
        if (app is null)
        {
            return Results.BadRequest();
        }

        var stateValue = Uri.EscapeDataString(form["state"].ToString());
        if (form["action"] == "cancel")
        {
            return Results.Redirect($"{app.RedirectUrl}?s=error&code=-1&message=cancelled&state={stateValue}");
        }

        var user = state.Options.Users.FirstOrDefault(u => string.Equals(u.FyId, form["fy_id"], StringComparison.OrdinalIgnoreCase));
        if (user is null || user.Pin != form["pin"] || !KiteTotp.Verify(KiteTotp.DecodeBase32(user.TotpSecret)!, form["totp"], state.Now))
        {
            var back = $"{Prefix}/api/v3/generate-authcode?client_id={Uri.EscapeDataString(app.AppId)}&redirect_uri={Uri.EscapeDataString(app.RedirectUrl)}&response_type=code&state={stateValue}&error={Uri.EscapeDataString("Invalid id, TOTP or PIN")}";
            return Results.Redirect(back);
        }

        var code = state.IssueCode(app.AppId, user.FyId);
        return Results.Redirect($"{app.RedirectUrl}?s=ok&code=200&auth_code={Uri.EscapeDataString(code)}&state={stateValue}");
    }

    private static async Task<IResult> ValidateAuthCode(HttpContext http, FyersState state)
    {
        JsonElement body;
        try
        {
            body = (await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted)).RootElement;
        }
        catch (JsonException)
        {
            return Error(400, -50, "Invalid JSON");
        }

        var code = body.TryGetProperty("code", out var c) ? c.GetString() : null;
        var hash = body.TryGetProperty("appIdHash", out var h) ? h.GetString() : null;
        if (body.TryGetProperty("grant_type", out var g) is false || g.GetString() != "authorization_code" || code is null)
        {
            return Error(400, -50, "Invalid grant_type or code");
        }

        var issued = state.TakeCode(code);
        if (issued is null)
        {
            return Error(400, -437, "invalid auth code");
        }

        var app = state.Options.Apps.First(a => a.AppId == issued.Value.AppId);
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(app.AppId + ":" + app.Secret)));
        if (!string.Equals(hash, expected, StringComparison.Ordinal))
        {
            return Error(400, -371, "invalid app id hash");
        }

        var session = state.Issue(app.AppId, issued.Value.FyId);
        return Ok(new Dictionary<string, object?> { ["access_token"] = session.Token, ["refresh_token"] = Guid.NewGuid().ToString("N") });
    }

    private static async Task<IResult> PlaceOrder(HttpContext http, FyersState state)
    {
        JsonElement body;
        try
        {
            body = (await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted)).RootElement;
        }
        catch (JsonException)
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

        var symbol = body.GetProperty("symbol").GetString() ?? "";
        if (!FyersState.Prices.ContainsKey(symbol))
        {
            return Error(400, -300, "Invalid symbol");
        }

        if (body.GetProperty("type").GetInt32() is < 1 or > 4 || body.GetProperty("side").GetInt32() is not (1 or -1) || body.GetProperty("qty").GetInt32() <= 0)
        {
            return Error(400, -50, "Invalid type, side or qty");
        }

        var order = state.Place(User(http).FyId, symbol, body);
        return Ok(new Dictionary<string, object?> { ["id"] = order.Id }, 1101, $"Order submitted successfully. Your Order Ref. No.{order.Id}");
    }

    private static async Task<IResult> CancelOrder(HttpContext http, FyersState state)
    {
        string? id = null;
        try
        {
            var body = (await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted)).RootElement;
            id = body.TryGetProperty("id", out var v) ? v.GetString() : null;
        }
        catch (JsonException)
        {
        }

        var order = id is null ? null : state.Cancel(User(http).FyId, id);
        return order switch
        {
            null => Error(400, -51, "Invalid order id"),
            { Status: 1 } => Ok(new Dictionary<string, object?> { ["id"] = order.Id }, 1103, "Successfully cancelled order"),
            _ => Error(400, -99, "Order cannot be cancelled: it is no longer pending"),
        };
    }

    private static List<object> Funds(FyersState state, FyersSandboxUser user)
    {
        var spent = state.Orders(user.FyId).Where(o => o.Filled > 0).Sum(o => o.Side * o.Filled * o.TradedPrice);
        var blocked = state.Orders(user.FyId).Where(o => o.Status == 6 && o.Side == 1).Sum(o => o.Qty * o.LimitPrice);
        var titles = new[] { "Total Balance", "Utilized Amount", "Clear Balance", "Realized Profit and Loss", "Collaterals", "Fund Transfer", "Receivables", "Adhoc Limit", "Limit at start of the day", "Available Balance" };
        var values = new[] { user.OpeningBalance, spent + blocked, user.OpeningBalance - spent, 0m, 0m, 0m, 0m, 0m, user.OpeningBalance, user.OpeningBalance - spent - blocked };
        return [.. titles.Select((t, i) => (object)new { id = i + 1, title = t, equityAmount = values[i], commodityAmount = 0m })];
    }

    private static Dictionary<string, object?> OrderWire(FyersSandboxOrder o) => new()
    {
        ["id"] = o.Id,
        ["exchOrdId"] = o.Status is 2 or 6 ? "1100000" + o.Id[^8..] : "",
        ["symbol"] = o.Symbol,
        ["qty"] = o.Qty,
        ["remainingQuantity"] = o.Status == 6 ? o.Qty - o.Filled : 0,
        ["filledQty"] = o.Filled,
        ["status"] = o.Status,
        ["message"] = o.Message,
        ["segment"] = 10,
        ["limitPrice"] = o.LimitPrice,
        ["stopPrice"] = o.StopPrice,
        ["productType"] = o.ProductType,
        ["type"] = o.Type,
        ["side"] = o.Side,
        ["disclosedQty"] = 0,
        ["orderValidity"] = o.Validity,
        ["orderDateTime"] = o.PlacedAt.ToOffset(TimeSpan.FromHours(5.5)).ToString("dd-MMM-yyyy HH:mm:ss", CultureInfo.InvariantCulture),
        ["tradedPrice"] = o.TradedPrice,
        ["offlineOrder"] = false,
        ["exchange"] = 10,
        ["orderTag"] = o.Tag is null ? "2:Untagged" : "1:" + o.Tag,
    };

    private static List<object> Positions(FyersState state, string fyId) =>
        [.. state.Orders(fyId).Where(o => o.Filled > 0).GroupBy(o => (o.Symbol, o.ProductType)).Select(g =>
        {
            var buyQty = g.Where(o => o.Side == 1).Sum(o => o.Filled);
            var sellQty = g.Where(o => o.Side == -1).Sum(o => o.Filled);
            var buyVal = g.Where(o => o.Side == 1).Sum(o => o.Filled * o.TradedPrice);
            var sellVal = g.Where(o => o.Side == -1).Sum(o => o.Filled * o.TradedPrice);
            var net = buyQty - sellQty;
            var ltp = FyersState.Prices[g.Key.Symbol];
            return (object)new
            {
                symbol = g.Key.Symbol,
                id = g.Key.Symbol + "-" + g.Key.ProductType,
                netQty = net,
                qty = Math.Abs(net),
                avgPrice = net == 0 ? 0 : (buyVal - sellVal) / net,
                netAvg = net == 0 ? 0 : (buyVal - sellVal) / net,
                side = Math.Sign(net),
                productType = g.Key.ProductType,
                realized_profit = 0m,
                unrealized_profit = sellVal - buyVal + (net * ltp),
                pl = sellVal - buyVal + (net * ltp),
                ltp,
                buyQty,
                buyAvg = buyQty == 0 ? 0 : buyVal / buyQty,
                buyVal,
                sellQty,
                sellAvg = sellQty == 0 ? 0 : sellVal / sellQty,
                sellVal,
            };
        })];

    private static void MapControl(RouteGroupBuilder control)
    {
        control.MapPost("/tokens/expire", async (HttpContext http, FyersState state) =>
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            var all = doc.RootElement.TryGetProperty("all", out var a) && a.ValueKind == JsonValueKind.True;
            var fyId = doc.RootElement.TryGetProperty("fy_id", out var f) ? f.GetString() : null;
            return all || fyId is not null ? Ok(new Dictionary<string, object?> { ["expired"] = state.Expire(fyId, all) }) : Error(400, -50, "Give fy_id or all.");
        });
        control.MapPost("/faults", async (HttpContext http, FyersState state) =>
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            var r = doc.RootElement;
            var count = r.TryGetProperty("count", out var c) ? c.GetInt32() : 1;
            var status = r.TryGetProperty("status", out var s) ? s.GetInt32() : 500;
            var code = r.TryGetProperty("code", out var k) ? k.GetInt32() : -1;
            var message = r.TryGetProperty("message", out var m) ? m.GetString() ?? "Injected failure" : "Injected failure";
            var prefix = r.TryGetProperty("path_prefix", out var p) ? p.GetString() : null;
            state.AddFault(status, code, message, prefix, count);
            return Ok(new Dictionary<string, object?> { ["queued"] = count });
        });
        control.MapPost("/reset", (FyersState state) =>
        {
            state.Reset(orders: true);
            return Ok(new Dictionary<string, object?>());
        });
    }
}
