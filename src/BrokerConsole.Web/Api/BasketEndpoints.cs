using BrokerConsole.Core.Baskets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BrokerConsole.Web.Api;

/// <summary>A basket as the API takes it: orders (by console instrument) and the accounts with the quantity rule.</summary>
public sealed record ApiBasketRequest(string Name, IReadOnlyList<ApiOrderRequest> Legs, IReadOnlyList<BasketTarget> Targets, BasketQuantityRule QuantityRule = BasketQuantityRule.Same)
{
    internal BasketDraft ToDraft() => new()
    {
        Name = Name ?? "",
        Legs = (Legs ?? []).Select(l => l.ToTicket(Guid.Empty)).ToList(),
        Targets = Targets ?? [],
        QuantityRule = QuantityRule,
    };
}

/// <summary>Places a saved basket; <c>PreviewFingerprint</c> (from a preview) makes the place refuse anything but what was previewed.</summary>
public sealed record ApiBasketPlaceRequest(string? PreviewFingerprint = null);

/// <summary>Places an ad hoc basket.</summary>
public sealed record ApiAdHocBasketPlaceRequest(ApiBasketRequest Basket, string? PreviewFingerprint = null);

/// <summary>
/// The <c>/api/v1/baskets</c> endpoints: saved baskets, previews, and placing one order on many accounts. A place answers
/// 200 with the run at once; its outcome per (account, order) is read from <c>/api/v1/basket-runs/{id}</c>.
/// </summary>
internal static class BasketEndpoints
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/baskets", async (IBasketService baskets, CancellationToken ct) => TypedResults.Ok(await baskets.ListAsync(ct)))
            .WithName("Baskets").WithSummary("The user's saved baskets.");
        api.MapGet("/baskets/{basketId:guid}", async (Guid basketId, IBasketService baskets, CancellationToken ct) => TypedResults.Ok(await baskets.GetAsync(basketId, ct)))
            .WithName("GetBasket").WithSummary("One saved basket.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/baskets", CreateAsync).WithName("CreateBasket").WithSummary("Saves a basket (orders, accounts, quantity rule).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/baskets/{basketId:guid}", async (Guid basketId, ApiBasketRequest request, IBasketService baskets, CancellationToken ct) =>
            TypedResults.Ok(await baskets.UpdateAsync(basketId, request.ToDraft(), ct))).WithName("UpdateBasket").WithSummary("Replaces a saved basket.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/baskets/{basketId:guid}", async (Guid basketId, IBasketService baskets, CancellationToken ct) =>
        {
            // The deleted basket is the answer, so a script can log what it removed.
            var basket = await baskets.GetAsync(basketId, ct);
            await baskets.DeleteAsync(basketId, ct);
            return TypedResults.Ok(basket);
        }).WithName("DeleteBasket").WithSummary("Deletes a saved basket; its runs stay in history.").ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/baskets/{basketId:guid}/preview", async (Guid basketId, IBasketService baskets, CancellationToken ct) => TypedResults.Ok(await baskets.PreviewAsync(basketId, ct)))
            .WithName("PreviewBasket").WithSummary("Every (account, order) a place would send, with the broker's symbol, the quantity and each check; sends nothing.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/baskets/preview", async (ApiBasketRequest request, IBasketService baskets, CancellationToken ct) => TypedResults.Ok(await baskets.PreviewAsync(request.ToDraft(), ct)))
            .WithName("PreviewAdHocBasket").WithSummary("The preview of a basket that is not saved; sends nothing.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/baskets/{basketId:guid}/place", PlaceSavedAsync).WithName("PlaceBasket")
            .WithSummary("Places a saved basket on its accounts: one run, one item per (account, order), each sent at most once with its own tag.")
            .WithDescription(Description).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/baskets/place", PlaceAdHocAsync).WithName("PlaceAdHocBasket")
            .WithSummary("Places a basket given in the body (not saved) on its accounts, like a saved one.")
            .WithDescription(Description).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/basket-runs/{runId:guid}", async (Guid runId, IBasketService baskets, CancellationToken ct) => TypedResults.Ok(await baskets.GetRunAsync(runId, ct)))
            .WithName("GetBasketRun").WithSummary("One basket run: every (account, order) with its outcome (placed with the broker's order id, rejected with its reason, unknown while checking, skipped with why).")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private const string Description =
        "200 with the run as soon as it is saved; the orders go out in parallel under each broker's rate limits. Send an Idempotency-Key header (1-100 " +
        "characters): a repeat of the request with the same key answers with the first run and places nothing again. With previewFingerprint (from a " +
        "preview), 409 preview-changed if what would be placed differs from that preview; nothing is sent then. Items that fail a check are recorded as skipped.";

    private static async Task<Ok<BasketView>> CreateAsync(ApiBasketRequest request, IBasketService baskets, CancellationToken ct) =>
        TypedResults.Ok(await baskets.CreateAsync(request.ToDraft(), ct));

    private static async Task<Results<Ok<BasketRunStarted>, ProblemHttpResult>> PlaceSavedAsync(
        Guid basketId, [FromBody] ApiBasketPlaceRequest? request, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, IBasketService baskets, CancellationToken ct)
    {
        if (BadKey(idempotencyKey) is { } problem)
        {
            return problem;
        }

        var started = await baskets.PlaceAsync(basketId, request?.PreviewFingerprint, idempotencyKey, ct);
        return TypedResults.Ok(started);
    }

    private static async Task<Results<Ok<BasketRunStarted>, ProblemHttpResult>> PlaceAdHocAsync(
        ApiAdHocBasketPlaceRequest request, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, IBasketService baskets, CancellationToken ct)
    {
        if (BadKey(idempotencyKey) is { } problem)
        {
            return problem;
        }

        // A body without "basket" (e.g. a single order's body sent here) is a client error, never a 500.
        if (request.Basket is null)
        {
            return ApiErrors.Problem(StatusCodes.Status400BadRequest, ApiProblems.Validation, "Not valid", "The body needs \"basket\": the orders, accounts and quantity rule to place.");
        }

        var started = await baskets.PlaceAsync(request.Basket.ToDraft(), request.PreviewFingerprint, idempotencyKey, ct);
        return TypedResults.Ok(started);
    }

    private static ProblemHttpResult? BadKey(string? key) =>
        key is not null && (key.Length is 0 or > 100 || key.Any(char.IsControl))
            ? ApiErrors.Problem(StatusCodes.Status400BadRequest, ApiProblems.Validation, "Not valid", $"The {IdempotencyHeader} header must be 1 to 100 printable characters.")
            : null;
}
