using System.Text.Json;
using BrokerConsole.Sandbox.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Sandbox.Fyers;

/// <summary>Marks order mutations (place/modify/cancel): the static-IP rule applies to these only (reference §2.10).</summary>
internal sealed record FyersOrderWriteMetadata;

/// <summary>
/// Fyers API v3 under <c>/sandbox/fyers</c> (the sandbox's <c>api-t1.fyers.in</c>): the auth-code login page,
/// validate-authcode with appIdHash, profile, funds, orders (place/modify/cancel on <c>/orders/sync</c>, the book and
/// <c>?id=</c>), tradebook, positions, holdings, <c>/data/quotes</c> and logout, with the <c>{"s","code","message"}</c>
/// envelope, negative codes, integer order statuses, the 10/s limit (HTTP 429, -429) and the static-IP rule.
/// Prices walk with the clock (<see cref="SimulatedPrices"/>). A control surface lives under <c>__control/</c>.
/// </summary>
internal static class FyersSandboxEndpoints
{
    public const string Prefix = "/sandbox/fyers";

    private static readonly JsonSerializerOptions _json = new();

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var root = endpoints.MapGroup(Prefix).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        FyersControlEndpoints.Map(root.MapGroup("/__control"));
        root.MapGet("/api/v3/generate-authcode", FyersLoginEndpoints.LoginPage);
        root.MapPost("/api/v3/generate-authcode", FyersLoginEndpoints.LoginSubmit);

        var api = root.MapGroup("").AddEndpointFilter(ControlFilter);
        api.MapPost("/api/v3/validate-authcode", FyersLoginEndpoints.ValidateAuthCode);

        var authed = api.MapGroup("").AddEndpointFilter(AuthFilter);
        authed.MapGet("/api/v3/profile", (HttpContext http) =>
        {
            var user = User(http);
            return Ok(new Dictionary<string, object?>
            {
                ["data"] = new { fy_id = user.FyId, name = user.Name, display_name = user.Name.Split(' ')[0], email_id = user.Email, PAN = "XXXXX1234X", mobile_number = "XXXXXX1234", totp = true, ddpi_enabled = false, mtf_enabled = false },
            });
        });
        authed.MapPost("/api/v3/logout", (HttpContext http) =>
        {
            ((FyersSession)http.Items[typeof(FyersSession)]!).Ended = true;
            return Ok([], message: "Successfully logged out");
        });
        FyersOrderEndpoints.Map(authed);
        FyersPortfolioEndpoints.Map(authed);

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

    public static FyersSandboxUser User(HttpContext http) => (FyersSandboxUser)http.Items[typeof(FyersSandboxUser)]!;

    public static async Task<JsonElement?> ReadJsonAsync(HttpContext http)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Injected latency first (a slow broker is slow whatever it answers), then a queued fault.</summary>
    private static async ValueTask<object?> ControlFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var control = http.RequestServices.GetRequiredService<FyersState>().Control;
        var path = http.Request.Path.Value ?? "";
        if (control.LatencyFor(path) is { } delay && delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, http.RequestAborted);
        }

        if (control.TakeFault(path) is { } f)
        {
            Shared.InjectedFault.ApplyRetryAfter(http, f.RetryAfterSeconds);
            return Error(f.Status, f.Code, f.Message);
        }

        return await next(context);
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

        if (state.Control.TakeThrottle() || !state.TryCount(session.AppId))
        {
            return Error(429, -429, "request limit reached");
        }

        http.Items[typeof(FyersSession)] = session;
        http.Items[typeof(FyersSandboxUser)] = user;
        if (http.GetEndpoint()?.Metadata.GetMetadata<FyersOrderWriteMetadata>() is not null)
        {
            var app = state.Options.Apps.First(a => a.AppId == session.AppId);
            // Sandbox choice (no published code): HTTP 400, -99 "order rejected", message naming the rule and the IP.
            if (StaticIpRule.Refuses(app.AllowedOrderIps, http.Connection.RemoteIpAddress, out var caller))
            {
                return Error(400, -99, $"Order rejected: request IP {caller} is not the static IP registered for this app.");
            }
        }

        return await next(context);
    }
}
