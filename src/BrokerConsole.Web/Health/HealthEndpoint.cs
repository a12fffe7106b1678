using System.Text.Json;
using BrokerConsole.Core.Cluster;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Web.Health;

/// <summary><c>/healthz</c>: anonymous JSON for an operator's monitor. Statuses for anyone; descriptions and data (never exception text) for loopback or a signed-in user.</summary>
public static class HealthEndpoint
{
    private static readonly JsonSerializerOptions _json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = false };

    public static IEndpointConventionBuilder MapBrokerConsoleHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResponseWriter = WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        if (!MaySeeDetails(context))
        {
            // A remote monitor needs only the verdict; counts of accounts and sessions tell a stranger how big a target is.
            var statuses = new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString() }),
            };
            return context.Response.WriteAsync(JsonSerializer.Serialize(statuses, _json));
        }

        // Which node answered and whether it runs the once-per-database background work: what an operator behind a
        // load balancer needs to tell the nodes apart. Part of the details: a host name is not for strangers.
        var body = new
        {
            status = report.Status.ToString(),
            node = context.RequestServices.GetRequiredService<IOptions<NodeOptions>>().Value.EffectiveName,
            leader = context.RequestServices.GetRequiredService<ILeadership>().IsLeader,
            durationMs = (long)report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, _json));
    }

    /// <summary>
    /// Descriptions and data for a signed-in user or a caller on this machine. The peer is the TCP peer after the
    /// forwarded-headers step, so a request through a trusted proxy counts as the client's address, not the proxy's;
    /// no address at all (a test server, a Unix socket) is not taken as loopback.
    /// </summary>
    internal static bool MaySeeDetails(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true
        || context.Connection.RemoteIpAddress is { } peer && System.Net.IPAddress.IsLoopback(peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer);
}
