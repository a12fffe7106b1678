using System.Net;
using System.Security.Cryptography;
using System.Text;
using BrokerConsole.Sandbox.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Sandbox.Kite;

/// <summary>Who is calling an authenticated endpoint; set by the auth filter.</summary>
internal sealed record KiteCaller(KiteSession Session, KiteSandboxApp App, KiteSandboxUser User);

/// <summary>Marks order write endpoints: per-user order limits and the static-IP rule apply instead of the api_key limit.</summary>
internal sealed record KiteOrderWriteMetadata(bool Placement);

/// <summary>Marks the quote class (1 request/second per api_key).</summary>
internal sealed record KiteQuoteMetadata(int MaxInstruments);

/// <summary>The REST half of Kite Connect v3 under <c>/sandbox/kite</c> (the sandbox's <c>api.kite.trade</c>).</summary>
internal static class KiteSandboxEndpoints
{
    public const string Prefix = "/sandbox/kite";

    private static readonly string[] _exchanges = ["NSE", "NFO", "BFO", "CDS", "BSE", "MCX", "BCD", "MF"];
    private static readonly string[] _products = ["CNC", "NRML", "MIS", "BO", "CO"];
    private static readonly string[] _orderTypes = ["MARKET", "LIMIT", "SL", "SL-M"];

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var root = endpoints.MapGroup(Prefix).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        KiteLoginPage.Map(root);
        KiteControlEndpoints.Map(root.MapGroup("/__control"));

        var api = root.MapGroup("").AddEndpointFilter(InjectedBehaviourFilter);
        api.MapPost("/session/token", ExchangeToken);
        api.MapDelete("/session/token", Logout);

        var authed = api.MapGroup("").AddEndpointFilter(AuthFilter);
        authed.MapGet("/user/profile", (HttpContext http) => KiteWire.Success(Profile(http.Caller().User)));
        authed.MapGet("/user/margins", (HttpContext http, KiteOrderBook book) =>
            KiteWire.Success(new KiteMarginsWire(book.EquityMargins(http.Caller().User.UserId), KiteOrderBook.CommodityMargins())));
        authed.MapGet("/user/margins/{segment}", (string segment, HttpContext http, KiteOrderBook book) => segment switch
        {
            "equity" => KiteWire.Success(book.EquityMargins(http.Caller().User.UserId)),
            "commodity" => KiteWire.Success(KiteOrderBook.CommodityMargins()),
            _ => KiteWire.Error(KiteError.Invalid("segment")),
        });

        authed.MapGet("/orders", (HttpContext http, KiteOrderBook book) => KiteWire.Success(book.Orders(http.Caller().User.UserId)));
        authed.MapGet("/orders/{order_id}", (string order_id, HttpContext http, KiteOrderBook book) =>
            book.History(http.Caller().User.UserId, order_id) is { } history
                ? KiteWire.Success(history)
                : KiteWire.Error(KiteOrderBook.NotFound));
        authed.MapGet("/orders/{order_id}/trades", (string order_id, HttpContext http, KiteOrderBook book) =>
            book.HasOrder(http.Caller().User.UserId, order_id)
                ? KiteWire.Success(book.Trades(http.Caller().User.UserId, order_id))
                : KiteWire.Error(KiteOrderBook.NotFound));
        authed.MapGet("/trades", (HttpContext http, KiteOrderBook book) => KiteWire.Success(book.Trades(http.Caller().User.UserId)));

        authed.MapPost("/orders/{variety}", PlaceOrder).WithMetadata(new KiteOrderWriteMetadata(true));
        authed.MapPut("/orders/{variety}/{order_id}", ModifyOrder).WithMetadata(new KiteOrderWriteMetadata(false));
        authed.MapDelete("/orders/{variety}/{order_id}", (string variety, string order_id, HttpContext http, KiteOrderBook book) =>
            OrderResult(book.Cancel(http.Caller().User.UserId, variety, order_id))).WithMetadata(new KiteOrderWriteMetadata(false));

        authed.MapGet("/portfolio/positions", (HttpContext http, KiteOrderBook book) => KiteWire.Success(book.Positions(http.Caller().User.UserId)));
        authed.MapGet("/portfolio/holdings", (HttpContext http, KiteOrderBook book) => KiteWire.Success(book.Holdings(http.Caller().User.UserId)));

        KiteQuoteEndpoints.Map(authed);

        // Kite answers unknown routes with a JSON envelope, not an empty 404.
        root.Map("/{**path}", () => KiteWire.Error(StatusCodes.Status404NotFound, "GeneralException", "Route not found"));
    }

    public static KiteCaller Caller(this HttpContext http) => (KiteCaller)http.Items[typeof(KiteCaller)]!;

    /// <summary>
    /// Control-surface latency and faults first (so a test can fail any call, even unauthenticated ones), then the
    /// version header. Sandbox choice: a missing or non-3 <c>X-Kite-Version</c> is a 400 InputException, because the
    /// reference makes the header mandatory on every REST call and a client that forgets it should fail loudly here.
    /// </summary>
    private static async ValueTask<object?> InjectedBehaviourFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var control = http.RequestServices.GetRequiredService<KiteControlState>();
        var path = http.Request.Path.Value ?? "";
        if (control.Hold.TryHold(path, KiteControlState.Matches) is { } held)
        {
            try
            {
                // The broker has the request; reading it now keeps it even if the client hangs up while it is held.
                if (http.Request.HasFormContentType)
                {
                    await http.Request.ReadFormAsync(CancellationToken.None);
                }

                if (!await held.Decision)
                {
                    // Dropped: never registered. The client (if still there) sees what a lost request looks like.
                    return KiteWire.Error(StatusCodes.Status503ServiceUnavailable, "NetworkException", "Request dropped by the sandbox's hold control");
                }

                return await RunAsync(context, next, control, http, path);
            }
            finally
            {
                held.MarkHandled();
            }
        }

        return await RunAsync(context, next, control, http, path);
    }

    private static async ValueTask<object?> RunAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, KiteControlState control, HttpContext http, string path)
    {
        var latency = control.LatencyFor(path);
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, http.RequestAborted);
        }

        if (control.TakeFault(path) is { } fault)
        {
            Shared.InjectedFault.ApplyRetryAfter(http, fault.RetryAfterSeconds);
            return KiteWire.Error(fault.Status, fault.ErrorType, fault.Message);
        }

        return http.Request.Headers["X-Kite-Version"] == "3"
            ? await next(context)
            : KiteWire.Error(KiteError.Input("Missing or invalid `X-Kite-Version` header: this API only speaks version 3."));
    }

    /// <summary><c>Authorization: token api_key:access_token</c>, then the static-IP rule and rate limits (reference §3.1, §10, §12).</summary>
    private static async ValueTask<object?> AuthFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("token ", StringComparison.Ordinal))
        {
            return KiteWire.Error(header.Length == 0
                ? KiteError.BadSession
                : KiteError.Token("Unknown authorization scheme: use `token api_key:access_token`."));
        }

        var credentials = header["token ".Length..].Trim().Split(':', 2);
        var options = services.GetRequiredService<IOptions<SandboxOptions>>().Value;
        var session = credentials.Length == 2 ? services.GetRequiredService<KiteSessionStore>().Find(credentials[0], credentials[1]) : null;
        var app = options.Kite.Apps.FirstOrDefault(a => a.ApiKey == session?.ApiKey);
        var user = options.Kite.Users.FirstOrDefault(u => string.Equals(u.UserId, session?.UserId, StringComparison.OrdinalIgnoreCase));
        if (session is null || app is null || user is null)
        {
            return KiteWire.Error(KiteError.BadSession);
        }

        http.Items[typeof(KiteCaller)] = new KiteCaller(session, app, user);
        var limiter = services.GetRequiredService<KiteRateLimiter>();
        var metadata = http.GetEndpoint()?.Metadata;
        KiteError? refusal;
        if (metadata?.GetMetadata<KiteOrderWriteMetadata>() is { } order)
        {
            refusal = CheckOrderIp(app, http.Connection.RemoteIpAddress) ?? limiter.CheckOrder(user.UserId, order.Placement);
        }
        else
        {
            refusal = limiter.CheckApi(app.ApiKey, metadata?.GetMetadata<KiteQuoteMetadata>() is not null);
        }

        return refusal is null ? await next(context) : KiteWire.Error(refusal);
    }

    /// <summary>
    /// Static-IP whitelisting (reference §12.1). The real payload is undocumented; sandbox choice: 403
    /// PermissionException, because clients must not treat it as an expired session (TokenException) and
    /// PermissionException is the type Kite already uses for "this app may not do that".
    /// </summary>
    private static KiteError? CheckOrderIp(KiteSandboxApp app, IPAddress? remote)
    {
        return !StaticIpRule.Refuses(app.AllowedOrderIps, remote, out var caller)
            ? null
            : new KiteError(StatusCodes.Status403Forbidden, "PermissionException",
                $"Order requests are allowed only from the whitelisted IP addresses of this app; request came from {caller}.");
    }

    private static async Task<IResult> ExchangeToken(HttpContext http, IOptions<SandboxOptions> options, KiteSessionStore sessions)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : FormCollection.Empty;
        foreach (var field in new[] { "api_key", "request_token", "checksum" })
        {
            if (KiteOrderRequest.Text(form, field) is null)
            {
                return KiteWire.Error(KiteError.Missing(field));
            }
        }

        var apiKey = form["api_key"].ToString();
        var requestToken = form["request_token"].ToString();
        var app = options.Value.Kite.Apps.FirstOrDefault(a => a.ApiKey == apiKey);
        if (app is null)
        {
            return KiteWire.Error(KiteError.Token("Invalid `api_key`."));
        }

        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey + requestToken + app.ApiSecret)));
        var checksumRight = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(form["checksum"].ToString()));
        // Kite documents no order between its two checks; each app of the sandbox chooses one (TokenCheckedFirst).
        if (!checksumRight && !(app.TokenCheckedFirst && !sessions.IsPending(apiKey, requestToken)))
        {
            return KiteWire.Error(KiteError.BadChecksum);
        }

        var session = checksumRight ? sessions.Exchange(apiKey, requestToken) : null;
        var user = options.Value.Kite.Users.FirstOrDefault(u => string.Equals(u.UserId, session?.UserId, StringComparison.OrdinalIgnoreCase));
        if (session is null || user is null)
        {
            return KiteWire.Error(KiteError.BadRequestToken);
        }

        var profile = Profile(user);
        return KiteWire.Success(new KiteSessionWire(
            profile.UserType, profile.Email, profile.UserName, profile.UserShortname, profile.Broker, profile.Exchanges,
            profile.Products, profile.OrderTypes, profile.AvatarUrl, user.UserId, apiKey, session.AccessToken,
            session.PublicToken, session.PublicToken, "", "", IstClock.Format(session.LoginTime), profile.Meta));
    }

    /// <summary>DELETE /session/token: parameters in the query string (reference §2.2).</summary>
    private static IResult Logout(HttpContext http, KiteSessionStore sessions)
    {
        var apiKey = http.Request.Query["api_key"].ToString();
        var accessToken = http.Request.Query["access_token"].ToString();
        if (apiKey.Length == 0)
        {
            return KiteWire.Error(KiteError.Missing("api_key"));
        }

        if (accessToken.Length == 0)
        {
            // Refresh tokens are never issued here (reference §2.3), so invalidating one has nothing to do.
            return http.Request.Query.ContainsKey("refresh_token") ? KiteWire.Success(true) : KiteWire.Error(KiteError.Missing("access_token"));
        }

        return sessions.Invalidate(apiKey, accessToken) ? KiteWire.Success(true) : KiteWire.Error(KiteError.BadSession);
    }

    private static async Task<IResult> PlaceOrder(string variety, HttpContext http, KiteOrderBook book)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : FormCollection.Empty;
        var (request, error) = KiteOrderRequest.Parse(variety, form);
        if (request is null)
        {
            return KiteWire.Error(error!);
        }

        var caller = http.Caller();
        return OrderResult(book.Place(caller.Session, caller.App, request));
    }

    private static async Task<IResult> ModifyOrder(string variety, string order_id, HttpContext http, KiteOrderBook book)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : FormCollection.Empty;
        return OrderResult(book.Modify(http.Caller().User.UserId, variety, order_id, form));
    }

    private static IResult OrderResult((string? OrderId, KiteError? Error) result) =>
        result.OrderId is { } id ? KiteWire.Success(new KiteOrderIdWire(id)) : KiteWire.Error(result.Error!);

    private static KiteProfileWire Profile(KiteSandboxUser user) => new(
        user.UserId, "individual", user.Email, user.UserName,
        user.UserShortname ?? user.UserName.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? user.UserId,
        "ZERODHA", _exchanges, _products, _orderTypes, null, new KiteProfileMeta("physical"));
}
