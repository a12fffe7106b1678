using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.CredentialChecks;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Portfolio;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Memory;

namespace BrokerConsole.Web.Api;

/// <summary>The <c>/api/v1</c> endpoints beyond the account list. Every account id is checked through the Core services, which treat another user's id as unknown (404).</summary>
internal static class ApiEndpoints
{
    private static readonly TimeSpan _statusCacheFor = TimeSpan.FromMinutes(1);

    public static void MapBroker(RouteGroupBuilder api)
    {
        api.MapPost("/accounts/{accountId:guid}/broker/connect", ConnectAsync).WithName("BrokerConnect")
            .WithSummary("Logs in on the server with the stored credentials (Angel One; Dhan with a token or PIN + TOTP). Zerodha, Fyers and Dhan with API key + secret need a browser popup: 409 login-not-possible.")
            .WithDescription("A broker refusal is not an error: the body's outcome says what the broker answered, and the current session is left as it was.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/broker/validate", ValidateAsync).WithName("BrokerValidate")
            .WithSummary("Tests connection credentials against the broker without storing anything: fields first (400), then the broker " +
                "(Zerodha: session exchange with a made-up request token finds an unknown api_key or, on 'Invalid checksum', a wrong secret; Angel One: login then logout; " +
                "Dhan: profile; Fyers: validate-authcode). 200 with every check (valid false when a credential could not be tested); 422 credentials-rejected, 503 or 429 with the checks otherwise.")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/accounts/{accountId:guid}/broker/status", StatusAsync).WithName("BrokerStatus")
            .WithSummary("Session state, cached for a minute per account, with an expiry warning when under two hours remain.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/accounts/{accountId:guid}/broker/disconnect", DisconnectAsync).WithName("BrokerDisconnect")
            .WithSummary("Invalidates the token at the broker (best effort) and ends the session here.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    public static void MapPortfolio(RouteGroupBuilder api)
    {
        api.MapGet("/portfolio", PortfolioAsync).WithName("Portfolio")
            .WithSummary("Funds, positions and holdings of every account, aggregated by symbol, with accounts that could not be read listed as issues.");
        api.MapGet("/accounts/{accountId:guid}/funds", async (Guid accountId, IAccountService accounts, IPortfolioService portfolio, CancellationToken ct) =>
            await OneAccountAsync(accountId, accounts, portfolio, p => p.Funds, ct)).WithName("AccountFunds")
            .WithSummary("Funds and margins of one account, read from the broker now.").ProducesAccountReadProblems();
        api.MapGet("/accounts/{accountId:guid}/positions", async (Guid accountId, IAccountService accounts, IPortfolioService portfolio, CancellationToken ct) =>
            await OneAccountAsync(accountId, accounts, portfolio, p => p.Positions, ct)).WithName("AccountPositions")
            .WithSummary("Today's positions of one account, read from the broker now.").ProducesAccountReadProblems();
        api.MapGet("/accounts/{accountId:guid}/holdings", async (Guid accountId, IAccountService accounts, IPortfolioService portfolio, CancellationToken ct) =>
            await OneAccountAsync(accountId, accounts, portfolio, p => p.Holdings, ct)).WithName("AccountHoldings")
            .WithSummary("Holdings of one account, read from the broker now.").ProducesAccountReadProblems();
    }

    public static void MapOrders(RouteGroupBuilder api)
    {
        api.MapGet("/orders", async (IOrderService orders, CancellationToken ct) => TypedResults.Ok(await orders.GetTodayAsync(null, ct)))
            .WithName("Orders").WithSummary("Today's orders and trades of every account.");
        api.MapGet("/accounts/{accountId:guid}/orders", async (Guid accountId, IOrderService orders, CancellationToken ct) => TypedResults.Ok(await orders.GetTodayAsync(accountId, ct)))
            .WithName("AccountOrders").WithSummary("Today's orders and trades of one account; a book that could not be read is listed under issues.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/accounts/{accountId:guid}/orders", PlaceAsync).WithName("PlaceOrder")
            .WithSummary("Places one order, never retried: a lost answer is resolved by the order's tag in the book. The outcome (incl. tag) is the body.")
            .WithDescription("A broker refusal or an unknown outcome is part of the 200 body, never an error status, so a script cannot mistake it for " +
                "\"not sent\" and send again. 400 means nothing was sent.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/accounts/{accountId:guid}/orders/{orderId}/cancel", async (Guid accountId, string orderId, IOrderService orders, CancellationToken ct) =>
            TypedResults.Ok(await orders.CancelAsync(accountId, orderId, ct))).WithName("CancelOrder")
            .WithSummary("Cancels an open order; a broker refusal is part of the 200 body.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static void MapSchedules(RouteGroupBuilder api)
    {
        api.MapGet("/schedules", async (IScheduleService schedules, CancellationToken ct) => TypedResults.Ok(await schedules.ListAsync(ct)))
            .WithName("Schedules").WithSummary("The user's daily order schedules.");
        api.MapGet("/schedules/{scheduleId:guid}", async (Guid scheduleId, IScheduleService schedules, CancellationToken ct) =>
            TypedResults.Ok(await schedules.GetAsync(scheduleId, ct))).WithName("GetSchedule").WithSummary("One schedule with its orders.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/schedules/{scheduleId:guid}/runs", async (Guid scheduleId, IScheduleService schedules, CancellationToken ct) =>
        {
            // Ownership first, so another user's schedule id is a 404 rather than an empty list.
            await schedules.GetAsync(scheduleId, ct);
            return TypedResults.Ok(await schedules.ListRunsAsync(scheduleId, 50, ct));
        }).WithName("ScheduleRuns").WithSummary("The latest runs of one schedule, newest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/runs", async (IScheduleService schedules, CancellationToken ct) => TypedResults.Ok(await schedules.ListRunsAsync(null, 50, ct)))
            .WithName("Runs").WithSummary("The latest runs of every schedule, newest first.");
        api.MapGet("/runs/{runId:guid}", async (Guid runId, IScheduleService schedules, CancellationToken ct) =>
            TypedResults.Ok(await schedules.GetRunAsync(runId, ct))).WithName("GetRun").WithSummary("One run with every account's and order's outcome.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<LoginResult>> ConnectAsync(Guid accountId, ISessionService sessions, IMemoryCache cache, ICurrentUser user, CancellationToken cancellationToken)
    {
        var result = await sessions.ConnectDirectAsync(accountId, cancellationToken);
        cache.Remove(StatusKey(user, accountId));
        return TypedResults.Ok(result);
    }

    private static async Task<Results<Ok<ApiValidationResult>, ValidationProblem, ProblemHttpResult>> ValidateAsync(
        AccountDraft draft, ICredentialChecker checker, CancellationToken cancellationToken)
    {
        AccountValidator.Normalize(draft);
        var result = AccountValidator.Validate(draft);
        if (!result.IsValid)
        {
            return TypedResults.ValidationProblem(
                result.Errors.ToDictionary(e => e.Key.ToString(), e => e.Value.ToArray()),
                detail: "Some fields break the broker's rules; see errors. Nothing was stored and the broker was not called.",
                title: "The connection fields are not valid",
                type: ApiProblems.Validation);
        }

        var check = await checker.CheckAsync(draft, cancellationToken);
        var checks = check.Steps.Select(ApiCredentialCheck.From).ToList();
        if (check.Passed || check.Problem == CredentialProblem.NotProven)
        {
            // Not proven is not refused: 200, but never "valid" on a credential nobody could test.
            return TypedResults.Ok(new ApiValidationResult(check.Passed, check.Summary, checks));
        }

        var (status, type, title) = check.Problem switch
        {
            CredentialProblem.RateLimited => (StatusCodes.Status429TooManyRequests, ApiProblems.RateLimited, "The broker is rate limiting"),
            CredentialProblem.Unavailable => (StatusCodes.Status503ServiceUnavailable, ApiProblems.BrokerUnavailable, "Broker unavailable"),
            _ => (StatusCodes.Status422UnprocessableEntity, ApiProblems.CredentialsRejected, "The broker refused the credentials"),
        };
        return TypedResults.Problem(detail: check.Summary + " Nothing was stored.", statusCode: status, title: title, type: type,
            extensions: new Dictionary<string, object?> { ["checks"] = checks });
    }

    private static async Task<Ok<ApiSessionStatus>> StatusAsync(Guid accountId, ISessionService sessions, IMemoryCache cache, ICurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        // Keyed by owner and account: a cached answer can only be served to the user it was read for.
        var key = StatusKey(user, accountId);
        var now = time.GetUtcNow();
        // The minute is measured on the app's TimeProvider (the cache's own clock is the wall clock), so the rule is
        // the same one a test can drive; the cache entry's own expiry only frees memory.
        if (!cache.TryGetValue(key, out CachedStatus? cached) || cached is null || now - cached.ReadAt >= _statusCacheFor || now < cached.ReadAt)
        {
            cached = new CachedStatus(await sessions.GetViewAsync(accountId, cancellationToken), now);
            cache.Set(key, cached, _statusCacheFor);
        }

        // The expiry warning is computed from the current clock even on a cached view.
        return TypedResults.Ok(ApiSessionStatus.From(cached.View, now));
    }

    private static async Task<Ok<ApiMessage>> DisconnectAsync(Guid accountId, ISessionService sessions, IMemoryCache cache, ICurrentUser user, CancellationToken cancellationToken)
    {
        var message = await sessions.DisconnectAsync(accountId, cancellationToken);
        cache.Remove(StatusKey(user, accountId));
        return TypedResults.Ok(new ApiMessage(message));
    }

    private static async Task<Ok<PortfolioSnapshot>> PortfolioAsync(IPortfolioService portfolio, CancellationToken cancellationToken) =>
        TypedResults.Ok(await portfolio.LoadAsync(cancellationToken));

    private static async Task<Results<Ok<T>, ProblemHttpResult>> OneAccountAsync<T>(
        Guid accountId, IAccountService accounts, IPortfolioService portfolio, Func<AccountPortfolio, T> pick, CancellationToken cancellationToken)
    {
        await accounts.GetAsync(accountId, cancellationToken); // 404 for an unknown or another user's account
        // The portfolio service loads every account in one pass; the per-account view picks one out of it.
        var snapshot = await portfolio.LoadAsync(cancellationToken);
        if (snapshot.Accounts.FirstOrDefault(a => a.AccountId == accountId) is { } found)
        {
            return TypedResults.Ok(pick(found));
        }

        var issue = snapshot.Issues.FirstOrDefault(i => i.AccountId == accountId);
        return issue?.Kind switch
        {
            AccountIssueKind.Expired => ApiRegistration.Problem(StatusCodes.Status409Conflict, ApiProblems.SessionExpired, "Session expired", issue.Message),
            AccountIssueKind.NoSession => ApiRegistration.Problem(StatusCodes.Status409Conflict, ApiProblems.NoSession, "No live session", issue.Message),
            AccountIssueKind.RateLimited => ApiRegistration.Problem(StatusCodes.Status429TooManyRequests, ApiProblems.RateLimited, "The broker is rate limiting", issue.Message),
            _ => ApiRegistration.Problem(StatusCodes.Status503ServiceUnavailable, ApiProblems.BrokerUnavailable, "Broker unavailable", issue?.Message ?? "The account could not be read."),
        };
    }

    private static async Task<Ok<PlacementResult>> PlaceAsync(Guid accountId, ApiOrderRequest request, IOrderService orders, CancellationToken cancellationToken) =>
        TypedResults.Ok(await orders.PlaceAsync(request.ToTicket(accountId), cancellationToken));

    // A read of one account's book at the broker: unknown account, no or expired session, broker limits or outage.
    private static RouteHandlerBuilder ProducesAccountReadProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private sealed record CachedStatus(AccountSessionView View, DateTimeOffset ReadAt);

    private static string StatusKey(ICurrentUser user, Guid accountId) => $"api-status:{user.RequireUserId()}:{accountId}";
}
