using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Exits;
using BrokerConsole.Core.Portfolio;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BrokerConsole.Web.Api;

/// <summary>
/// What to close and how. <c>scope</c>: <c>Position</c> (accountId + exchange + tradingSymbol, optionally product),
/// <c>Account</c> (accountId), <c>Instrument</c> (exchange + tradingSymbol in the console's names, every account) or
/// <c>All</c>. <c>orderType</c> Market (with marketProtection where the broker takes it) or Limit (<c>ticks</c> through
/// the last price). <c>previewOnly</c>: plan and return without sending; confirm later with the plan id.
/// </summary>
public sealed record ApiExitRequest(
    ExitScopeKind Scope,
    Guid? AccountId = null,
    string? Exchange = null,
    string? TradingSymbol = null,
    ProductType? Product = null,
    OrderType OrderType = OrderType.Market,
    decimal? MarketProtection = null,
    int? Ticks = null,
    bool PreviewOnly = false)
{
    internal ExitScope ToScope() => new(Scope, AccountId,
        string.IsNullOrWhiteSpace(Exchange) || string.IsNullOrWhiteSpace(TradingSymbol) ? null : new InstrumentKey(Exchange.Trim().ToUpperInvariant(), TradingSymbol.Trim().ToUpperInvariant()),
        Product);

    internal ExitPricing ToPricing() => new(OrderType, MarketProtection ?? -1, Ticks ?? 0);
}

/// <summary>One closing order: what the preview planned and, once confirmed, what became of it.</summary>
public sealed record ApiExitLeg(Guid AccountId, string Account, string Broker, string Instrument, string BrokerSymbol, string Product, int NetQuantity, string Order,
    IReadOnlyList<string> Checks, string? Problem, string? Outcome, string? Message, string? Tag, string? OrderId)
{
    internal static ApiExitLeg From(ExitLeg leg, ExitLegResult? result) => new(leg.AccountId, leg.AccountName, leg.Broker.ToString(), leg.Instrument.ToString(),
        leg.BrokerSymbol, Core.Orders.OrderLabels.Product(leg.Product), leg.NetQuantity, leg.Ticket.Describe(), leg.Checks, leg.Problem,
        result?.Outcome.ToString(), result?.Message, result?.Tag, result?.OrderId);
}

/// <summary>An exit plan (not yet sent when <c>confirmed</c> is false) or its outcome; <c>skipped</c> lists accounts not read.</summary>
public sealed record ApiExitPlan(Guid PlanId, bool Confirmed, DateTimeOffset ExpiresAt, IReadOnlyList<ApiExitLeg> Legs, IReadOnlyList<AccountIssue> Skipped);

/// <summary>The kill switch's typed confirmation: exactly <c>EXIT ALL</c>.</summary>
public sealed record ApiKillSwitchRequest(string? Confirmation);

/// <summary>The <c>/positions/exit</c> and <c>/kill-switch</c> endpoints.</summary>
internal static class ExitEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/positions/exit", ExitAsync).WithName("ExitPositions")
            .WithSummary("Closes positions (scope Position, Account, Instrument or All) with MARKET (market protection where the broker takes it) or LIMIT at LTP ± ticks; previewOnly plans without sending.")
            .WithDescription("Each closing order is sent once with its own tag through the order path; a position that changed since it was read is reported and not sent. " +
                "Broker refusals and unknown outcomes are part of the 200 body; accounts without a session are listed under skipped. 400 means nothing was sent.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/positions/exit/{planId:guid}/confirm", ConfirmAsync).WithName("ConfirmExit")
            .WithSummary("Sends a plan returned by previewOnly, exactly as previewed, once: a second confirm or an expired plan (5 minutes) is 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/kill-switch", KillSwitchAsync).WithName("KillSwitch")
            .WithSummary("Cancels every open order and squares off every intraday (MIS) position in every account with a live session; confirmation must be \"EXIT ALL\".")
            .WithDescription("Delivery and carry-forward positions and holdings are left alone. Accounts without a session are listed as skipped. Audited with the counts.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<Ok<ApiExitPlan>> ExitAsync(ApiExitRequest request, IExitService exits, CancellationToken ct)
    {
        var plan = await exits.PreviewAsync(request.ToScope(), request.ToPricing(), ct);
        if (request.PreviewOnly)
        {
            return TypedResults.Ok(new ApiExitPlan(plan.Id, false, plan.ExpiresAt, [.. plan.Legs.Select(l => ApiExitLeg.From(l, null))], plan.Skipped));
        }

        return TypedResults.Ok(ToApi(await exits.ConfirmAsync(plan.Id, ct), plan.ExpiresAt));
    }

    private static async Task<Ok<ApiExitPlan>> ConfirmAsync(Guid planId, IExitService exits, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(ToApi(await exits.ConfirmAsync(planId, ct), time.GetUtcNow()));

    private static async Task<Ok<KillSwitchRun>> KillSwitchAsync(ApiKillSwitchRequest request, KillSwitchService killSwitch, CancellationToken ct) =>
        TypedResults.Ok(await killSwitch.RunAsync(request.Confirmation, ct));

    private static ApiExitPlan ToApi(ExitRun run, DateTimeOffset expiresAt) =>
        new(run.PlanId, true, expiresAt, [.. run.Results.Select(r => ApiExitLeg.From(r.Leg, r))], run.Skipped);
}
