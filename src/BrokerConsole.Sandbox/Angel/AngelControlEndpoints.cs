using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BrokerConsole.Sandbox.Angel;

/// <summary>
/// Test control surface under <c>/sandbox/angel/__control/</c>; not part of SmartAPI. JSON in (snake_case),
/// SmartAPI envelope out.
/// <list type="bullet">
/// <item><c>POST tokens/expire</c> <c>{"client_code":"A123456"}</c> or <c>{"all":true}</c> → <c>{"expired":n}</c>:
/// the next call with those JWTs gets HTTP 200 <c>{"success":false,"errorCode":"AG8001"}</c>.</item>
/// <item><c>POST tokens/refresh-expire</c> <c>{"client_code":"A123456"}</c> → <c>{"revoked":n}</c>: generateTokens with those
/// sessions' refresh tokens answers AB8051 (the JWTs still work until their expiry).</item>
/// <item><c>POST faults</c> <c>{"count":1,"status":200,"dialect":"envelope|gateway|text","error_code":"AB2001","message":"…","path_prefix":"/rest/secure","retry_after":1}</c>
/// → the next <c>count</c> API calls under the prefix fail that way.</item>
/// <item><c>POST latency</c> <c>{"milliseconds":1500,"path_prefix":null}</c> → real delay before matching API calls; 0 clears.</item>
/// <item><c>POST market/price</c> <c>{"exchange":"NSE","symbol_token":"3045","ltp":800.5}</c> → pins the LTP.</item>
/// <item><c>POST reset</c> <c>{"orders":false,"sessions":false}</c> → clears faults, pins and rate-limit windows; optionally orders and sessions.</item>
/// </list>
/// </summary>
internal static class AngelControlEndpoints
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record ExpireRequest(string? ClientCode, bool All);
    private sealed record FaultRequest(int Count, int Status, string? Dialect, string? ErrorCode, string? Message, string? PathPrefix, int? RetryAfter);
    private sealed record LatencyRequest(int Milliseconds, string? PathPrefix);
    private sealed record PriceRequest(string? Exchange, string? SymbolToken, decimal Ltp);
    private sealed record ResetRequest(bool Orders, bool Sessions);

    public static void Map(RouteGroupBuilder control)
    {
        control.MapPost("/tokens/expire", async (HttpContext http, AngelState state) =>
        {
            var body = await Read<ExpireRequest>(http);
            return body is { All: true } || !string.IsNullOrWhiteSpace(body?.ClientCode)
                ? AngelSandboxEndpoints.Ok(new { expired = state.Expire(body.ClientCode, body.All) })
                : AngelSandboxEndpoints.Fail("AB2000", "Give client_code or all.");
        });

        control.MapPost("/tokens/refresh-expire", async (HttpContext http, AngelState state) =>
        {
            var body = await Read<ExpireRequest>(http);
            return string.IsNullOrWhiteSpace(body?.ClientCode)
                ? AngelSandboxEndpoints.Fail("AB2000", "Give client_code.")
                : AngelSandboxEndpoints.Ok(new { revoked = state.RevokeRefresh(body.ClientCode) });
        });

        control.MapPost("/faults", async (HttpContext http, AngelState state) =>
        {
            var body = await Read<FaultRequest>(http);
            if (body is null || body.Count <= 0 || body.Status is < 200 or > 599)
            {
                return AngelSandboxEndpoints.Fail("AB2000", "Give count > 0 and a status between 200 and 599.");
            }

            state.AddFault(new AngelFault(body.Status, body.Dialect ?? "envelope", body.ErrorCode, body.Message ?? "Injected failure", body.PathPrefix, body.RetryAfter) { Remaining = body.Count });
            return AngelSandboxEndpoints.Ok(new { queued = body.Count });
        });

        control.MapPost("/latency", async (HttpContext http, AngelState state) =>
        {
            var body = await Read<LatencyRequest>(http);
            if (body is null || body.Milliseconds < 0)
            {
                return AngelSandboxEndpoints.Fail("AB2000", "Give milliseconds >= 0.");
            }

            state.SetLatency(TimeSpan.FromMilliseconds(body.Milliseconds), body.PathPrefix);
            return AngelSandboxEndpoints.Ok(new { milliseconds = body.Milliseconds });
        });

        control.MapPost("/market/price", async (HttpContext http, AngelMarket market) =>
        {
            var body = await Read<PriceRequest>(http);
            if (AngelMarket.FindToken(body?.Exchange, body?.SymbolToken) is not { } scrip || body!.Ltp <= 0)
            {
                return AngelSandboxEndpoints.Fail("AB2000", "Give a known exchange + symbol_token and a positive ltp.");
            }

            market.Pin(scrip, body.Ltp);
            return AngelSandboxEndpoints.Ok(new { scrip.TradingSymbol, body.Ltp });
        });

        control.MapPost("/reset", async (HttpContext http, AngelState state) =>
        {
            var body = await Read<ResetRequest>(http) ?? new ResetRequest(false, false);
            state.Reset(body.Orders, body.Sessions);
            return AngelSandboxEndpoints.Ok(true);
        });
    }

    private static async Task<T?> Read<T>(HttpContext http)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, _json, http.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
