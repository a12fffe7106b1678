using BrokerConsole.Core.Errors;
using BrokerConsole.Core.Exports;
using BrokerConsole.Web.Api;

namespace BrokerConsole.Web.Exports;

/// <summary>
/// Downloads of exports: <c>GET /exports/{kind}.{csv|xlsx}</c> for the signed-in browser (the sign-in cookie; a GET
/// changes nothing, so no antiforgery token) and the same under <c>/api/v1/exports/…</c> for API keys. <c>?account=</c>
/// narrows to one of the user's accounts (another user's reads as not found), <c>?run=</c> run results to one run.
/// </summary>
public static class ExportEndpoints
{
    public const string Path = "/exports";

    /// <summary>Tells a script how many accounts are missing from the file (each is also listed in it).</summary>
    public const string FailedAccountsHeader = "X-Export-Failed-Accounts";

    /// <summary>The browser's download route (cookie authentication, like every page).</summary>
    public static IEndpointRouteBuilder MapExportDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path + "/{kind}.{format}", async (string kind, string format, Guid? account, Guid? run, IExportService exports, HttpResponse response, CancellationToken ct) =>
        {
            try
            {
                return await DownloadAsync(kind, format, account, run, exports, response, ct);
            }
            catch (NotFoundException)
            {
                return Results.NotFound();
            }
        }).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    /// <summary>The API's route, inside the <c>/api/v1</c> group (key scheme, rate limit, problem details).</summary>
    internal static void MapApi(RouteGroupBuilder api)
    {
        api.MapGet(Path + "/{kind}.{format}", (string kind, string format, Guid? account, Guid? run, IExportService exports, HttpResponse response, CancellationToken ct) =>
                DownloadAsync(kind, format, account, run, exports, response, ct))
            .WithName("Export")
            .WithSummary("Downloads holdings, positions, orders, trades, runs (schedule and basket results) or audit as csv or xlsx; ?account= for one account, ?run= for one run.")
            .Produces<Stream>(StatusCodes.Status200OK, ExportNames.CsvContentType, ExportNames.XlsxContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> DownloadAsync(string kind, string format, Guid? account, Guid? run, IExportService exports, HttpResponse response, CancellationToken ct)
    {
        if (!ExportNames.TryParseKind(kind, out var exportKind) || !ExportNames.TryParseFormat(format, out var exportFormat))
        {
            return ApiErrors.Problem(StatusCodes.Status400BadRequest, ApiProblems.Validation, "Not valid",
                "Export holdings, positions, orders, trades, runs or audit, as csv or xlsx: e.g. /exports/holdings.xlsx.");
        }

        var file = await exports.ExportAsync(exportKind, exportFormat, account, run, ct);
        response.Headers[FailedAccountsHeader] = file.FailedAccounts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Books and P&L are private: no cache or proxy keeps a copy.
        response.Headers.CacheControl = "no-store";
        return Results.File(file.Content, file.ContentType, file.FileName);
    }
}
