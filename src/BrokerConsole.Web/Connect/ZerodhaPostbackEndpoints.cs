using System.Text.Json;
using System.Text.Json.Serialization;
using BrokerConsole.Core.Orders;

namespace BrokerConsole.Web.Connect;

/// <summary>
/// <c>POST /postbacks/zerodha</c>: Kite's order postbacks (raw JSON). Anonymous and without antiforgery
/// because Zerodha's servers send it; the SHA-256 checksum against an account's API secret is the
/// authentication, and a postback only tells the owner's tabs to refresh: the data shown is always
/// re-read from the broker with the user's own session.
/// </summary>
internal static class ZerodhaPostbackEndpoints
{
    public const string Path = "/postbacks/zerodha";

    /// <summary>A postback is a few hundred bytes; refuse anything much larger before parsing.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    private sealed record Wire(string? UserId, string? OrderId, string? OrderTimestamp, string? Checksum, string? Status, string? Tradingsymbol, string? StatusMessage = null);

    public static IEndpointRouteBuilder MapZerodhaPostbacks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, async (HttpRequest request, ZerodhaPostbackReceiver receiver, CancellationToken cancellationToken) =>
        {
            if (request.ContentLength is > MaxBodyBytes)
            {
                return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }

            // A chunked body has no Content-Length: read at most one byte past the limit, whatever the sender claims.
            using var buffered = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffered.Write(chunk, 0, read);
                if (buffered.Length > MaxBodyBytes)
                {
                    return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
                }
            }

            buffered.Position = 0;
            Wire? wire;
            try
            {
                wire = await JsonSerializer.DeserializeAsync<Wire>(buffered, _json, cancellationToken);
            }
            catch (JsonException)
            {
                return Results.BadRequest(new { status = "error", message = "The body is not a Kite postback." });
            }

            var verdict = wire is null
                ? PostbackVerdict.Malformed
                : await receiver.ReceiveAsync(new ZerodhaPostback(wire.UserId, wire.OrderId, wire.OrderTimestamp, wire.Checksum, wire.Status, wire.Tradingsymbol, wire.StatusMessage), cancellationToken);
            return verdict switch
            {
                PostbackVerdict.Accepted or PostbackVerdict.Duplicate => Results.Ok(new { status = "success" }),
                PostbackVerdict.Stale => Results.BadRequest(new { status = "error", message = "order_timestamp is more than 10 minutes from this server's clock." }),
                PostbackVerdict.Malformed => Results.BadRequest(new { status = "error", message = "The body is not a Kite postback." }),
                _ => Results.Json(new { status = "error", message = "Checksum verification failed." }, statusCode: StatusCodes.Status401Unauthorized),
            };
        })
        .AllowAnonymous()
        .DisableAntiforgery();
        return endpoints;
    }
}
