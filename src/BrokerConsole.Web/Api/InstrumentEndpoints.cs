using BrokerConsole.Core.Instruments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BrokerConsole.Web.Api;

/// <summary>An instrument of the catalog as the API returns it, with each broker's name for it.</summary>
public sealed record ApiInstrument(string Exchange, string Symbol, string Name, string? Isin, string Kind, DateOnly? Expiry, decimal Strike, int LotSize,
    decimal TickSize, string ExchangeToken, IReadOnlyDictionary<string, string> BrokerSymbols)
{
    public static ApiInstrument From(CatalogInstrument i)
    {
        ArgumentNullException.ThrowIfNull(i);
        return new(i.Exchange, i.Symbol, i.Name, i.Isin, i.Kind.ToString(), i.Expiry, i.Strike, i.LotSize, i.TickSize, i.ExchangeToken,
            i.Brokers.ToDictionary(b => b.Key.ToString(), b => b.Value.TradingSymbol));
    }
}

/// <summary>What a refresh of the masters did.</summary>
public sealed record ApiInstrumentRefresh(bool Succeeded, int Instruments, IReadOnlyDictionary<string, int> RowsPerBroker, IReadOnlyDictionary<string, string> Failures,
    long Milliseconds, string Summary);

/// <summary>The <c>/api/v1/instruments</c> endpoints: search the catalog and reload the brokers' masters.</summary>
internal static class InstrumentEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/instruments", SearchAsync).WithName("SearchInstruments")
            .WithSummary("Instruments whose symbol starts with q or whose name contains it (exchange: NSE, BSE, NFO or MCX, comma-separated), exact symbols and cash first, with lot and tick size and every broker's symbol.");
        api.MapPost("/instruments/refresh", RefreshAsync).WithName("RefreshInstruments")
            .WithSummary("Reloads every broker's instrument master now and replaces the catalog; a broker whose master fails keeps its previous names (listed under failures).");
    }

    private static async Task<Ok<List<ApiInstrument>>> SearchAsync(string? q, string? exchange, int? take, InstrumentCatalog catalog, CancellationToken ct)
    {
        var index = await catalog.GetAsync(ct);
        var exchanges = (exchange ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(e => e.ToUpperInvariant()).ToList();
        return TypedResults.Ok(index.Search(q, exchanges, Math.Clamp(take ?? 20, 1, 100)).Select(ApiInstrument.From).ToList());
    }

    private static async Task<Ok<ApiInstrumentRefresh>> RefreshAsync(InstrumentMasterRefresher refresher, CancellationToken ct)
    {
        var result = await refresher.RefreshAsync(ct);
        return TypedResults.Ok(new ApiInstrumentRefresh(result.Succeeded, result.Instruments,
            result.RowsPerBroker.ToDictionary(r => r.Key.ToString(), r => r.Value), result.Failures.ToDictionary(f => f.Key.ToString(), f => f.Value),
            (long)result.Took.TotalMilliseconds, result.Summary));
    }
}
