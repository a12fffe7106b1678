using System.Globalization;
using BrokerConsole.Core.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BrokerConsole.Web.Api;

/// <summary>
/// A schedule as the API takes it: orders on the owner's accounts, or a saved basket (<c>basketId</c>; orders and accounts
/// are then ignored), on some days at an IST time written <c>HH:mm</c> as in the editor.
/// </summary>
public sealed record ApiScheduleRequest(
    string Name,
    IReadOnlyList<Guid>? AccountIds = null,
    IReadOnlyList<ApiOrderRequest>? Orders = null,
    IReadOnlyList<DayOfWeek>? Days = null,
    string Time = "15:10",
    bool Enabled = true,
    bool AutoExecute = false,
    Guid? BasketId = null)
{
    /// <summary>The draft, or the field errors the editor would show (the time's format is the API's own check).</summary>
    internal (ScheduleDraft? Draft, Dictionary<string, string[]>? Errors) ToDraft()
    {
        if (!TimeOnly.TryParseExact(Time?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return (null, new Dictionary<string, string[]>(StringComparer.Ordinal) { ["time"] = ["Give the time as HH:mm (IST), e.g. 15:10."] });
        }

        var defaults = new ScheduleDraft();
        return (new ScheduleDraft
        {
            Name = Name?.Trim() ?? "",
            AccountIds = BasketId is null ? [.. (AccountIds ?? []).Distinct()] : [],
            // Symbols as the editor keeps them: trimmed, upper case, then checked per account's broker by the service.
            Orders = BasketId is null ? [.. (Orders ?? []).Select(o => o.ToTicket(Guid.Empty) with { TradingSymbol = (o.TradingSymbol ?? "").Trim().ToUpperInvariant() })] : [],
            Days = Days is { Count: > 0 } days ? [.. days.Distinct().OrderBy(d => ((int)d + 6) % 7)] : Days is null ? defaults.Days : [],
            TimeOfDay = time,
            Enabled = Enabled,
            AutoExecute = AutoExecute,
            BasketId = BasketId,
        }, null);
    }
}

/// <summary>
/// Writing schedules over <c>/api/v1/schedules</c>: the same rules as the Schedules page (the service validates: name,
/// days, orders as a manual order would be checked, symbols per broker, accounts owned, a saved basket owned). Another
/// user's schedule id is 404 before anything in the body is looked at.
/// </summary>
internal static class ScheduleEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/schedules", CreateAsync).WithName("CreateSchedule")
            .WithSummary("Creates a daily schedule: orders on your accounts, or a saved basket, on some days at an IST time (HH:mm). Validated like the Schedules page.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/schedules/{scheduleId:guid}", UpdateAsync).WithName("UpdateSchedule")
            .WithSummary("Replaces a schedule with the body (same rules as create); runs already made stay in history.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/schedules/{scheduleId:guid}", async (Guid scheduleId, IScheduleService schedules, CancellationToken ct) =>
        {
            // The deleted schedule is the answer, so a script can log what it removed.
            var schedule = await schedules.GetAsync(scheduleId, ct);
            await schedules.DeleteAsync(scheduleId, ct);
            return TypedResults.Ok(schedule);
        }).WithName("DeleteSchedule").WithSummary("Deletes a schedule; nothing more is placed for it, and its runs stay in history.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<ScheduleView>, ValidationProblem>> CreateAsync(ApiScheduleRequest request, IScheduleService schedules, CancellationToken ct)
    {
        var (draft, errors) = request.ToDraft();
        return draft is null ? Invalid(errors!) : TypedResults.Ok(await schedules.CreateAsync(draft, ct));
    }

    private static async Task<Results<Ok<ScheduleView>, ValidationProblem>> UpdateAsync(Guid scheduleId, ApiScheduleRequest request, IScheduleService schedules, CancellationToken ct)
    {
        // Ownership first: another user's id is a 404 whatever the body says.
        await schedules.GetAsync(scheduleId, ct);
        var (draft, errors) = request.ToDraft();
        return draft is null ? Invalid(errors!) : TypedResults.Ok(await schedules.UpdateAsync(scheduleId, draft, ct));
    }

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors,
        detail: "Nothing was saved: " + string.Join(" ", errors.Values.SelectMany(e => e)), title: "The schedule is not valid", type: ApiProblems.Validation);
}
