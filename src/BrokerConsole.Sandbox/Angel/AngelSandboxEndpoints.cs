using System.Net;
using System.Text.Json;
using BrokerConsole.Sandbox.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Sandbox.Angel;

/// <summary>Who is calling a secure endpoint; set by the auth filter.</summary>
internal sealed record AngelCaller(AngelSession Session, AngelSandboxApp App, AngelSandboxUser User);

/// <summary>SmartAPI's per-endpoint rate limit (reference §3.9), counted per API key.</summary>
internal sealed record AngelLimitMetadata(string Name, int PerSecond);

/// <summary>Marks placeOrder/modifyOrder/cancelOrder: the static-IP rule applies (reference §3.10).</summary>
internal sealed record AngelOrderWriteMetadata;

/// <summary>
/// Angel One SmartAPI under <c>/sandbox/angel</c> (the sandbox's <c>apiconnect.angelone.in</c>): the login,
/// profile, funds, orders, positions, holdings, search and LTP endpoints the app uses, with SmartAPI's headers,
/// both error dialects (HTTP 200 with <c>status:false</c>, and the gateway's <c>success:false</c> + <c>errorCode</c>),
/// <c>data:null</c> for empty lists, string numbers, the plain-text 403 rate-limit answer and the static-IP rule.
/// </summary>
internal static partial class AngelSandboxEndpoints
{
    public const string Prefix = "/sandbox/angel";

    private const string Auth = "/rest/auth/angelbroking";
    private const string Secure = "/rest/secure/angelbroking";

    // X-ClientLocalIP, X-ClientPublicIP and X-MACAddress are documented as mandatory, but the official JavaScript
    // client sends them empty (it fills them in asynchronously after building its HTTP client) and works live, so
    // only the three headers it always sends are enforced.
    private static readonly string[] _requiredHeaders = ["X-UserType", "X-SourceID", "X-PrivateKey"];
    private static readonly JsonSerializerOptions _json = new();
    private static readonly TimeSpan _istOffset = TimeSpan.FromHours(5.5);

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var root = endpoints.MapGroup(Prefix).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        AngelControlEndpoints.Map(root.MapGroup("/__control"));

        var api = root.MapGroup("").AddEndpointFilter(GatewayFilter);
        api.MapPost(Auth + "/user/v1/loginByPassword", Login).WithMetadata(new AngelLimitMetadata("loginByPassword", 1));
        api.MapPost(Auth + "/jwt/v1/generateTokens", GenerateTokens).WithMetadata(new AngelLimitMetadata("generateTokens", 1));

        var secure = api.MapGroup(Secure).AddEndpointFilter(AuthFilter);
        secure.MapPost("/user/v1/logout", (HttpContext http) =>
        {
            AngelState.End(http.Caller().Session);
            return Ok("Logout Successfully");
        }).WithMetadata(new AngelLimitMetadata("logout", 1));
        secure.MapGet("/user/v1/getProfile", (HttpContext http) => Ok(Profile(http.Caller().User))).WithMetadata(new AngelLimitMetadata("getProfile", 3));
        secure.MapGet("/user/v1/getRMS", (HttpContext http, AngelState state) => Ok(Rms(state, http.Caller().User))).WithMetadata(new AngelLimitMetadata("getRMS", 2));
        secure.MapGet("/order/v1/getOrderBook", (HttpContext http, AngelState state) =>
            Ok(NullIfEmpty(state.Orders(http.Caller().User.ClientCode).Select(OrderWire).ToList()))).WithMetadata(new AngelLimitMetadata("getOrderBook", 1));
        secure.MapGet("/order/v1/getTradeBook", (HttpContext http, AngelState state) =>
            Ok(NullIfEmpty(state.Orders(http.Caller().User.ClientCode).Where(o => o.Filled > 0).Select(TradeWire).ToList()))).WithMetadata(new AngelLimitMetadata("getTradeBook", 1));
        secure.MapGet("/order/v1/getPosition", (HttpContext http, AngelState state) =>
            Ok(NullIfEmpty(Positions(state, http.Caller().User.ClientCode)))).WithMetadata(new AngelLimitMetadata("getPosition", 1));
        secure.MapGet("/portfolio/v1/getHolding", (HttpContext http, AngelState state) =>
            Ok(NullIfEmpty(Holdings(state, http.Caller().User)))).WithMetadata(new AngelLimitMetadata("getHolding", 1));
        secure.MapPost("/order/v1/searchScrip", (Delegate)SearchScrip).WithMetadata(new AngelLimitMetadata("searchScrip", 1));
        secure.MapPost("/order/v1/getLtpData", LtpData).WithMetadata(new AngelLimitMetadata("getLtpData", 10));
        secure.MapPost("/market/v1/quote", Quote).WithMetadata(new AngelLimitMetadata("quote", 10));
        secure.MapPost("/order/v1/placeOrder", PlaceOrder).WithMetadata(new AngelLimitMetadata("placeOrder", 10), new AngelOrderWriteMetadata());
        secure.MapPost("/order/v1/modifyOrder", ModifyOrder).WithMetadata(new AngelLimitMetadata("modifyOrder", 10), new AngelOrderWriteMetadata());
        secure.MapGet("/order/v1/details/{uniqueOrderId}", (HttpContext http, AngelState state, string uniqueOrderId) =>
            state.Details(http.Caller().User.ClientCode, uniqueOrderId) is { } order ? Ok(OrderWire(order)) : Fail("AB1013", "Order not found"))
            .WithMetadata(new AngelLimitMetadata("details", 10));
        secure.MapPost("/order/v1/cancelOrder", CancelOrder).WithMetadata(new AngelLimitMetadata("cancelOrder", 10), new AngelOrderWriteMetadata());

        // Sandbox choice: unknown paths answer in SmartAPI's envelope rather than an empty 404.
        root.Map("/{**path}", () => Results.Json(new { status = false, message = "Route not found", errorcode = "AB2000", data = (object?)null }, _json, statusCode: 404));
    }

    public static AngelCaller Caller(this HttpContext http) => (AngelCaller)http.Items[typeof(AngelCaller)]!;

    public static IResult Ok(object? data) => Results.Json(new { status = true, message = "SUCCESS", errorcode = "", data }, _json);

    /// <summary>SmartAPI's usual failure: HTTP 200, <c>status:false</c>, <c>errorcode</c> (reference §3.4).</summary>
    public static IResult Fail(string code, string message, int status = 200) =>
        Results.Json(new { status = false, message, errorcode = code, data = (object?)null }, _json, statusCode: status);

    /// <summary>The API gateway's auth failure: <c>success:false</c>, camel-case <c>errorCode</c>, HTTP 200 (reference §3.4).</summary>
    public static IResult Gateway(string code, string message, int status = 200) =>
        Results.Json(new { success = false, message, errorCode = code, data = "" }, _json, statusCode: status);

    /// <summary>Rate-limit breach: HTTP 403 with a plain-text body (reference §3.4).</summary>
    public static IResult RateLimited() =>
        Results.Text("Access denied because of exceeding access rate", "text/plain", statusCode: StatusCodes.Status403Forbidden);

    /// <summary>Injected faults, then the six mandatory headers with a known X-PrivateKey, then the per-endpoint limit.</summary>
    private static async ValueTask<object?> GatewayFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var state = http.RequestServices.GetRequiredService<AngelState>();
        if (state.LatencyFor(http.Request.Path.Value ?? "") is { } delay && delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, http.RequestAborted);
        }

        if (state.TakeFault(http.Request.Path.Value ?? "") is { } fault)
        {
            Shared.InjectedFault.ApplyRetryAfter(http, fault.RetryAfterSeconds);
            return fault.Dialect switch
            {
                "text" => Results.Text(fault.Message, "text/plain", statusCode: fault.Status),
                "gateway" => Gateway(fault.ErrorCode ?? "AG8001", fault.Message, fault.Status),
                _ => Fail(fault.ErrorCode ?? "AB2001", fault.Message, fault.Status),
            };
        }

        // Sandbox choice: the reference makes these headers mandatory but records no answer for a missing one;
        // AB2000 ("error not specified") with the header's name tells a client author what is wrong.
        if (_requiredHeaders.FirstOrDefault(h => string.IsNullOrWhiteSpace(http.Request.Headers[h])) is { } missing)
        {
            return Fail("AB2000", $"Missing header {missing}");
        }

        var apiKey = http.Request.Headers["X-PrivateKey"].ToString();
        if (!state.Options.Apps.Any(a => a.ApiKey == apiKey))
        {
            return Fail("AB2000", "Invalid API Key");
        }

        if (http.GetEndpoint()?.Metadata.GetMetadata<AngelLimitMetadata>() is { } limit && !state.TryCount(apiKey, limit.Name, limit.PerSecond))
        {
            return RateLimited();
        }

        return await next(context);
    }

    /// <summary><c>Authorization: Bearer &lt;jwt&gt;</c> issued for this API key, then the static-IP rule on order writes.</summary>
    private static async ValueTask<object?> AuthFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var state = http.RequestServices.GetRequiredService<AngelState>();
        var header = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return Gateway("AG8003", "Token missing");
        }

        // The login answer's jwtToken may carry "Bearer " already and official clients prepend the scheme again,
        // so every leading "Bearer " is dropped (sandbox choice: tolerant, like the clients that work live).
        var jwt = header.Trim();
        while (jwt.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            jwt = jwt[7..].TrimStart();
        }
        var session = state.Find(jwt);
        var apiKey = http.Request.Headers["X-PrivateKey"].ToString();
        var app = state.Options.Apps.FirstOrDefault(a => a.ApiKey == apiKey);
        var user = state.Options.Users.FirstOrDefault(u => string.Equals(u.ClientCode, session?.ClientCode, StringComparison.OrdinalIgnoreCase));
        // An expired, logged-out or foreign-key token is "Invalid Token", as observed live (reference §3.4).
        if (session is null || app is null || user is null || session.ApiKey != apiKey)
        {
            return Gateway("AG8001", "Invalid Token");
        }

        http.Items[typeof(AngelCaller)] = new AngelCaller(session, app, user);
        if (http.GetEndpoint()?.Metadata.GetMetadata<AngelOrderWriteMetadata>() is not null && CheckOrderIp(app, http.Connection.RemoteIpAddress) is { } refusal)
        {
            return refusal;
        }

        return await next(context);
    }

    /// <summary>
    /// Static-IP rule (reference §3.10). The live payload is undocumented; sandbox choice: HTTP 200, <c>status:false</c>,
    /// AB2000 and a message naming the rule and the caller's IP, in SmartAPI's usual failure dialect. Reads are never gated.
    /// </summary>
    private static IResult? CheckOrderIp(AngelSandboxApp app, IPAddress? remote)
    {
        return !StaticIpRule.Refuses(app.AllowedOrderIps, remote, out var caller)
            ? null
            : Fail("AB2000", $"Order rejected: request IP {caller} is not the static IP registered for this API key.");
    }

    /// <summary>SmartAPI sends <c>data: null</c> for an empty list (reference §3.4).</summary>
    private static List<T>? NullIfEmpty<T>(List<T> list) => list.Count == 0 ? null : list;

    /// <summary>A flat JSON object body as strings (SmartAPI clients send numbers as strings or numbers).</summary>
    private static async Task<Dictionary<string, string>> ReadBody(HttpContext http)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            return document.RootElement.ValueKind != JsonValueKind.Object
                ? []
                : document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
