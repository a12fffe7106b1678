using System.Globalization;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Errors;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BrokerConsole.Web.Api;

/// <summary>
/// The one place where BrokerConsole's exceptions become API answers. Every exception the services raise on purpose
/// derives from <see cref="BrokerConsoleException"/>, so a new one lands in the right family (not found, invalid,
/// broker error) without touching any endpoint. The most specific case comes first.
/// </summary>
internal static class ApiErrors
{
    public static IResult ToProblem(BrokerConsoleException exception, HttpResponse response) => exception switch
    {
        OrderValidationException invalid => TypedResults.ValidationProblem(
            invalid.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            detail: invalid.Message,
            title: "The order is not valid",
            type: ApiProblems.Validation),
        // The Schedules page's rules, each problem in words (REST create and update of schedules).
        Core.Scheduling.ScheduleValidationException invalid => TypedResults.ValidationProblem(
            new Dictionary<string, string[]>(StringComparer.Ordinal) { ["schedule"] = [.. invalid.Errors] },
            detail: invalid.Message,
            title: "The schedule is not valid",
            type: ApiProblems.Validation),
        ValidationFailedException invalid => Problem(StatusCodes.Status400BadRequest, ApiProblems.Validation, "Not valid", invalid.Message),
        NotFoundException missing => Problem(StatusCodes.Status404NotFound, ApiProblems.NotFound, "Not found", missing.Message),
        SessionExpiredException expired => Problem(StatusCodes.Status409Conflict, ApiProblems.SessionExpired, "Session expired", expired.Message),
        NoActiveSessionException none => Problem(StatusCodes.Status409Conflict, ApiProblems.NoSession, "No live session", none.Message),
        LoginNotPossibleException refused => Problem(StatusCodes.Status409Conflict, ApiProblems.LoginNotPossible, "Login not possible here", refused.Message),
        RateLimitedException limited => RateLimited(limited, response),
        BrokerUnavailableException unavailable => Problem(StatusCodes.Status503ServiceUnavailable, ApiProblems.BrokerUnavailable, "Broker unavailable", unavailable.Message),
        BrokerApiException broker => Problem(StatusCodes.Status502BadGateway, ApiProblems.BrokerRejected, "Broker error", broker.Message),
        _ => Problem(StatusCodes.Status409Conflict, ApiProblems.Conflict, "Not possible now", exception.Message),
    };

    internal static ProblemHttpResult Problem(int status, string type, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: type);

    // A broker's rate limit is the same 429 as the API's own limit, with the broker's Retry-After passed on, so a
    // script backs off the same way whichever side is limiting.
    private static ProblemHttpResult RateLimited(RateLimitedException limited, HttpResponse response)
    {
        if (limited.RetryAfter is { } wait)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return Problem(StatusCodes.Status429TooManyRequests, ApiProblems.RateLimited, "The broker is rate limiting", limited.Message);
    }
}
