using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static BrokerConsole.Sandbox.Fyers.FyersSandboxEndpoints;

namespace BrokerConsole.Sandbox.Fyers;

/// <summary>
/// Test control surface under <c>/sandbox/fyers/__control/</c>; not part of Fyers. JSON in (snake_case), Fyers envelope out.
/// <list type="bullet">
/// <item><c>POST tokens/expire</c> <c>{"fy_id":"XA00001"}</c> or <c>{"all":true}</c> → <c>{"expired":n}</c>: the next call
/// with those tokens gets HTTP 401, code -16.</item>
/// <item><c>POST faults</c> <c>{"count":1,"status":401,"code":-8,"message":"…","path_prefix":"/api/v3/profile","retry_after":1}</c> → the next
/// <c>count</c> API calls under the prefix fail with that envelope (e.g. -8/-17 expiry variants, 500s).</item>
/// <item><c>POST latency</c> <c>{"milliseconds":1500,"path_prefix":null}</c> → real delay before matching API calls; 0 clears.</item>
/// <item><c>POST rate-limit</c> <c>{"count":3}</c> → the next <c>count</c> authenticated calls get HTTP 429, code -429.</item>
/// <item><c>POST market/price</c> <c>{"symbol":"NSE:SBIN-EQ","ltp":800.5}</c> → pins the LTP now; the walk continues from it.</item>
/// <item><c>POST reset</c> <c>{"orders":false,"sessions":false}</c> → clears faults, latency, throttling, pins and windows; optionally orders and sessions.</item>
/// </list>
/// </summary>
internal static class FyersControlEndpoints
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record ExpireRequest(string? FyId, bool All);
    private sealed record FaultRequest(int Count, int Status, int Code, string? Message, string? PathPrefix, int? RetryAfter);
    private sealed record LatencyRequest(int Milliseconds, string? PathPrefix);
    private sealed record CountRequest(int Count);
    private sealed record PriceRequest(string? Symbol, decimal Ltp);
    private sealed record ResetRequest(bool Orders, bool Sessions);

    public static void Map(RouteGroupBuilder control)
    {
        control.MapPost("/tokens/expire", async (HttpContext http, FyersState state) =>
        {
            var body = await Read<ExpireRequest>(http);
            return body is { All: true } || !string.IsNullOrWhiteSpace(body?.FyId)
                ? Ok(new() { ["expired"] = state.Expire(body.FyId, body.All) })
                : Error(400, -50, "Give fy_id or all.");
        });
        control.MapPost("/faults", async (HttpContext http, FyersState state) =>
        {
            var body = await Read<FaultRequest>(http);
            if (body is null || body.Count <= 0 || body.Status is < 200 or > 599)
            {
                return Error(400, -50, "Give count > 0 and a status between 200 and 599.");
            }

            state.Control.AddFault(new FyersFault(body.Status, body.Code == 0 ? -1 : body.Code, body.Message ?? "Injected failure", body.PathPrefix, body.RetryAfter) { Remaining = body.Count });
            return Ok(new() { ["queued"] = body.Count });
        });
        control.MapPost("/latency", async (HttpContext http, FyersState state) =>
        {
            var body = await Read<LatencyRequest>(http);
            if (body is null || body.Milliseconds < 0)
            {
                return Error(400, -50, "Give milliseconds >= 0.");
            }

            state.Control.SetLatency(TimeSpan.FromMilliseconds(body.Milliseconds), body.PathPrefix);
            return Ok(new() { ["milliseconds"] = body.Milliseconds });
        });
        control.MapPost("/rate-limit", async (HttpContext http, FyersState state) =>
        {
            var body = await Read<CountRequest>(http);
            if (body is null || body.Count < 0)
            {
                return Error(400, -50, "Give count >= 0.");
            }

            state.Control.Throttle(body.Count);
            return Ok(new() { ["queued"] = body.Count });
        });
        control.MapPost("/market/price", async (HttpContext http, FyersState state) =>
        {
            var body = await Read<PriceRequest>(http);
            return body?.Symbol is { } symbol && state.Market.Pin(symbol, body.Ltp)
                ? Ok(new() { ["symbol"] = symbol, ["ltp"] = body.Ltp })
                : Error(400, -300, "Give a known symbol and a positive ltp.");
        });
        control.MapPost("/reset", async (HttpContext http, FyersState state) =>
        {
            var body = await Read<ResetRequest>(http) ?? new ResetRequest(false, false);
            state.Reset(body.Orders, body.Sessions);
            return Ok([]);
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
