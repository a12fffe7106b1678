using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BrokerConsole.Sandbox.Shared.Instruments;

/// <summary>
/// Each broker's instrument master at its real path under that broker's sandbox prefix, written from the one
/// <see cref="InstrumentSeed"/> of the sandbox clock's IST day:
/// <list type="bullet">
/// <item><c>/sandbox/kite/instruments</c> and <c>/sandbox/kite/instruments/{exchange}</c> (Kite's CSV)</item>
/// <item><c>/sandbox/angel/OpenAPI_File/files/OpenAPIScripMaster.json</c> (Angel One's scrip master)</item>
/// <item><c>/sandbox/fyers/sym_details/{NSE_CM|NSE_FO|BSE_CM|MCX_COM}.csv</c> (Fyers' symbol masters)</item>
/// <item><c>/sandbox/dhan/api-data/api-scrip-master-detailed.csv</c> (Dhan's detailed scrip master)</item>
/// </list>
/// Kite's docs show auth headers on the dump but do not say it is refused without them: see <see cref="Kite.KiteDumpAccess"/>.
/// </summary>
internal static class InstrumentMasterEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var root = endpoints.MapGroup("/sandbox").AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        root.MapGet("/kite/instruments", (HttpContext http, TimeProvider clock) =>
            Kite.KiteDumpAccess.Refusal(http) ?? Csv(MasterFormats.Kite(Rows(clock))));
        root.MapGet("/kite/instruments/{exchange}", (string exchange, HttpContext http, TimeProvider clock) =>
            Kite.KiteDumpAccess.Refusal(http) ?? Csv(MasterFormats.Kite(Rows(clock), exchange.ToUpperInvariant())));
        root.MapGet("/angel/OpenAPI_File/files/OpenAPIScripMaster.json",
            (TimeProvider clock) => Results.Text(MasterFormats.Angel(Rows(clock)), "application/json", Encoding.UTF8));
        root.MapGet("/fyers/sym_details/{file}", (string file, TimeProvider clock) =>
        {
            var segment = file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? file[..^4].ToUpperInvariant() : "";
            return MasterFormats.FyersSegments.Contains(segment)
                ? Csv(MasterFormats.Fyers(Rows(clock), segment, InstrumentSeed.IstDay(clock.GetUtcNow())))
                : Results.NotFound();
        });
        root.MapGet("/dhan/api-data/api-scrip-master-detailed.csv", (TimeProvider clock) => Csv(MasterFormats.Dhan(Rows(clock))));
    }

    private static IReadOnlyList<SeedInstrument> Rows(TimeProvider clock) => InstrumentSeed.For(InstrumentSeed.IstDay(clock.GetUtcNow()));

    private static IResult Csv(string text) => Results.Text(text, "text/csv", Encoding.UTF8);
}
