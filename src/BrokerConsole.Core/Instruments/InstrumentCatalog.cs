using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Instruments;

/// <summary>
/// The stored catalog, read into an <see cref="InstrumentIndex"/> on first use and again after each refresh. One per
/// process (a singleton): lookups on portfolio lines and orders cost no query.
/// </summary>
public sealed class InstrumentCatalog(IDbContextFactory<BrokerConsoleDbContext> dbFactory) : IDisposable
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile InstrumentIndex? _index;

    /// <summary>The index as last loaded; <see cref="InstrumentIndex.Empty"/> before the first load.</summary>
    public InstrumentIndex Current => _index ?? InstrumentIndex.Empty;

    public async Task<InstrumentIndex> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_index is { } index)
        {
            return index;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            return _index ??= await LoadAsync(cancellationToken);
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Reads the stored rows again (after a refresh wrote them).</summary>
    public async Task<InstrumentIndex> ReloadAsync(CancellationToken cancellationToken = default)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            return _index = await LoadAsync(cancellationToken);
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Uses <paramref name="index"/> as the loaded catalog (component tests, which have no database).</summary>
    internal void Preload(InstrumentIndex index) => _index = index;

    /// <summary>The last refresh, successful or not; null when the masters were never loaded.</summary>
    public async Task<InstrumentRefresh?> LastRefreshAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<InstrumentRefresh>().AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<InstrumentIndex> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var instruments = await db.Set<ConsoleInstrument>().AsNoTracking().ToListAsync(cancellationToken);
        var symbols = (await db.Set<BrokerInstrument>().AsNoTracking().ToListAsync(cancellationToken)).ToLookup(s => s.InstrumentId);
        return new InstrumentIndex([.. instruments.Select(i => new CatalogInstrument(i.Id, i.Exchange, i.Symbol, i.Name, i.Underlying, i.Isin, i.Kind,
            i.Expiry, i.Strike, i.LotSize, i.TickSize, i.ExchangeToken,
            symbols[i.Id].GroupBy(s => s.Broker).ToDictionary(g => g.Key, g => g.Select(s => new BrokerSymbol(s.TradingSymbol, s.OrderExchange, s.OrderSymbol, s.Token)).First())))]);
    }

    public void Dispose() => _loading.Dispose();
}
