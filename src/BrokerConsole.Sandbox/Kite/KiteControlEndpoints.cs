using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Sandbox.Kite;

/// <summary>
/// Test control surface under <c>/sandbox/kite/__control/</c>; it exists only when the sandbox is enabled and is
/// not part of Kite. JSON in (snake_case), Kite-style envelope out (<c>{"status":"success","data":{…}}</c>).
/// <list type="bullet">
/// <item><c>POST tokens/expire</c> <c>{"access_token":"…"}</c> or <c>{"user_id":"DA1234"}</c> or <c>{"all":true}</c>
/// → <c>{"expired":n}</c>: the next call with those tokens gets 403 TokenException.</item>
/// <item><c>POST faults</c> <c>{"count":2,"status":503,"error_type":"NetworkException","message":"…","path_prefix":"/sandbox/kite/user","retry_after":1}</c>
/// → the next <c>count</c> API calls whose path starts with <c>path_prefix</c> (optional; full like <c>/sandbox/kite/user</c>
/// or relative like <c>/user</c>) fail with that envelope. Faults apply to the REST API (session and authenticated calls),
/// not to the login page or the control surface.</item>
/// <item><c>POST latency</c> <c>{"milliseconds":1500,"path_prefix":null}</c> → real (wall-clock) delay before matching API calls; 0 clears.</item>
/// <item><c>POST hold</c> <c>{"path_prefix":"/orders/regular"}</c> → matching API calls are held (received, not yet
/// registered) until released, even after their client hung up; <c>POST held</c> → <c>{"held":n}</c>;
/// <c>POST release</c> <c>{"register":true,"count":1}</c> → the oldest <c>count</c> (all when absent; then holding stops) go on
/// as usual (<c>register</c>) or are dropped.</item>
/// <item><c>POST request-token</c> <c>{"api_key":"…","user_id":"…"}</c> → <c>{"request_token":"…"}</c>, as if the user had logged in.</item>
/// <item><c>POST market/price</c> <c>{"instrument":"NSE:INFY","last_price":1500.5}</c> → pins the LTP now; the walk continues from it.</item>
/// <item><c>POST reset</c> <c>{"orders":false,"sessions":false}</c> (body optional) → clears faults, latency and rate-limit windows;
/// optionally also every order book and every session.</item>
/// </list>
/// </summary>
internal static class KiteControlEndpoints
{
    private sealed record ExpireRequest(string? AccessToken, string? UserId, bool All);
    private sealed record FaultRequest(int Count, int Status, string? ErrorType, string? Message, string? PathPrefix, int? RetryAfter);
    private sealed record LatencyRequest(int Milliseconds, string? PathPrefix);
    private sealed record HoldRequest(string? PathPrefix);
    private sealed record ReleaseRequest(bool Register, int? Count);
    private sealed record RequestTokenRequest(string? ApiKey, string? UserId);
    private sealed record PriceRequest(string? Instrument, double LastPrice);
    private sealed record ResetRequest(bool Orders, bool Sessions);

    public static void Map(RouteGroupBuilder control)
    {
        control.MapPost("/tokens/expire", async (HttpContext http, KiteSessionStore sessions) =>
        {
            var body = await Read<ExpireRequest>(http);
            var expired = body switch
            {
                { All: true } => sessions.ExpireAll(),
                { AccessToken: { Length: > 0 } token } => sessions.ExpireToken(token),
                { UserId: { Length: > 0 } user } => sessions.ExpireUser(user),
                _ => -1,
            };
            return expired < 0
                ? KiteWire.Error(KiteError.Input("Give `access_token`, `user_id` or `all`."))
                : KiteWire.Success(new { expired });
        });

        control.MapPost("/faults", async (HttpContext http, KiteControlState state) =>
        {
            var body = await Read<FaultRequest>(http);
            if (body is null || body.Count <= 0 || body.Status is < 400 or > 599)
            {
                return KiteWire.Error(KiteError.Input("Give `count` > 0 and an error `status` between 400 and 599."));
            }

            state.AddFault(new KiteFault(body.Status, body.ErrorType ?? "GeneralException", body.Message ?? "Injected failure", body.PathPrefix, body.RetryAfter)
            {
                Remaining = body.Count,
            });
            return KiteWire.Success(new { queued = body.Count });
        });

        control.MapPost("/latency", async (HttpContext http, KiteControlState state) =>
        {
            var body = await Read<LatencyRequest>(http);
            if (body is null || body.Milliseconds < 0)
            {
                return KiteWire.Error(KiteError.Input("Give `milliseconds` >= 0."));
            }

            state.SetLatency(TimeSpan.FromMilliseconds(body.Milliseconds), body.PathPrefix);
            return KiteWire.Success(new { milliseconds = body.Milliseconds });
        });

        control.MapPost("/hold", async (HttpContext http, KiteControlState state) =>
        {
            var body = await Read<HoldRequest>(http);
            if (body?.PathPrefix is not { Length: > 0 } prefix)
            {
                return KiteWire.Error(KiteError.Input("Give a `path_prefix` to hold, e.g. `/orders/regular`."));
            }

            state.Hold.Start(prefix);
            return KiteWire.Success(new { holding = prefix });
        });

        control.MapPost("/held", (KiteControlState state) => KiteWire.Success(new { held = state.Hold.HeldCount }));

        control.MapPost("/release", async (HttpContext http, KiteControlState state) =>
        {
            var body = await Read<ReleaseRequest>(http) ?? new ReleaseRequest(true, null);
            return KiteWire.Success(new { released = await state.Hold.Release(body.Register, body.Count) });
        });

        control.MapPost("/request-token", async (HttpContext http, KiteSessionStore sessions, IOptions<SandboxOptions> options) =>
        {
            var body = await Read<RequestTokenRequest>(http);
            var kite = options.Value.Kite;
            var app = kite.Apps.FirstOrDefault(a => a.ApiKey == body?.ApiKey);
            var user = kite.Users.FirstOrDefault(u => string.Equals(u.UserId, body?.UserId, StringComparison.OrdinalIgnoreCase));
            return app is null || user is null
                ? KiteWire.Error(KiteError.Input("Unknown `api_key` or `user_id`."))
                : KiteWire.Success(new { request_token = sessions.IssueRequestToken(app.ApiKey, user.UserId) });
        });

        control.MapPost("/market/price", async (HttpContext http, KiteMarket market) =>
        {
            var body = await Read<PriceRequest>(http);
            return body?.Instrument is { } key && market.SetPrice(key, body.LastPrice)
                ? KiteWire.Success(new { instrument = key, last_price = body.LastPrice })
                : KiteWire.Error(KiteError.Input("Give a known `instrument` and a positive `last_price`."));
        });

        control.MapPost("/reset", async (HttpContext http, KiteControlState state, KiteRateLimiter limiter, KiteOrderBook book, KiteSessionStore sessions) =>
        {
            var body = await Read<ResetRequest>(http) ?? new ResetRequest(false, false);
            state.Reset();
            limiter.Reset();
            if (body.Orders)
            {
                book.Reset();
            }

            if (body.Sessions)
            {
                sessions.ExpireAll();
            }

            return KiteWire.Success(true);
        });
    }

    private static async Task<T?> Read<T>(HttpContext http)
        where T : class
    {
        if (http.Request.ContentLength == 0)
        {
            return null;
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, KiteWire.Json, http.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
