using System.Diagnostics;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Instruments;

/// <summary>What one refresh did: instruments stored, rows per broker, and each broker's failure.</summary>
public sealed record InstrumentRefreshResult(bool Succeeded, int Instruments, IReadOnlyDictionary<BrokerKind, int> RowsPerBroker,
    IReadOnlyDictionary<BrokerKind, string> Failures, TimeSpan Took)
{
    public string Summary => (Succeeded
            ? $"{Instruments:N0} instruments from {string.Join(", ", RowsPerBroker.Select(b => $"{BrokerApiException.BrokerName(b.Key)} {b.Value:N0} rows"))}."
            : "Not refreshed, the previous catalog is kept.")
        + string.Concat(Failures.Select(f => $" {BrokerApiException.BrokerName(f.Key)} failed (its previous names are kept): {f.Value}"));
}

/// <summary>
/// Loads every broker module's master, joins them and replaces the stored catalog. A broker whose master fails keeps
/// its names from the previous catalog; nothing is replaced when every master fails. One refresh at a time.
/// </summary>
public sealed partial class InstrumentMasterRefresher(
    IBrokerModules brokers,
    InstrumentStore store,
    InstrumentCatalog catalog,
    TimeProvider time,
    ILogger<InstrumentMasterRefresher> logger) : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task<InstrumentRefreshResult> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            var watch = Stopwatch.StartNew();
            var sources = brokers.All.Where(m => m.InstrumentMaster is not null).OrderBy(m => m.Kind).ToList();
            var loads = await Task.WhenAll(sources.Select(async m =>
            {
                try
                {
                    return (m.Kind, Rows: await m.InstrumentMaster!.LoadAsync(cancellationToken), Error: (string?)null);
                }
                catch (InstrumentMasterException ex)
                {
                    return (m.Kind, Rows: (IReadOnlyList<MasterRow>)[], Error: ex.Message);
                }
            }));
            var failures = loads.Where(l => l.Error is not null).ToDictionary(l => l.Kind, l => l.Error!);
            var perBroker = loads.Where(l => l.Error is null).ToDictionary(l => l.Kind, l => l.Rows.Count);
            InstrumentRefreshResult result;
            if (perBroker.Count == 0)
            {
                result = new InstrumentRefreshResult(false, 0, perBroker, failures, watch.Elapsed);
                await store.RecordFailureAsync(new InstrumentRefresh { At = time.GetUtcNow(), Succeeded = false, Summary = result.Summary }, cancellationToken);
                LogFailed(logger, Logging.LogText.Escape(result.Summary, 2000));
                return result;
            }

            // A broker whose master failed today keeps yesterday's names rather than losing them (its orders and lines
            // would otherwise fall back to typed symbols); the summary says which.
            var previous = await catalog.GetAsync(cancellationToken);
            var merged = loads.Select(l => (l.Kind, l.Error is null ? l.Rows : PreviousRows(previous, l.Kind))).ToList();
            var (instruments, symbols) = InstrumentMerge.Merge(merged);
            result = new InstrumentRefreshResult(true, instruments.Count, perBroker, failures, watch.Elapsed);
            await store.ReplaceAsync(instruments, symbols, new InstrumentRefresh { At = time.GetUtcNow(), Succeeded = true, Instruments = instruments.Count, Summary = result.Summary },
                cancellationToken);
            await catalog.ReloadAsync(cancellationToken);
            result = result with { Took = watch.Elapsed };
            LogRefreshed(logger, instruments.Count, symbols.Count, (long)result.Took.TotalMilliseconds);
            return result;
        }
        finally
        {
            _one.Release();
        }
    }

    public void Dispose() => _one.Dispose();

    /// <summary>One broker's rows of the stored catalog, as if its master had given them again.</summary>
    internal static IReadOnlyList<MasterRow> PreviousRows(InstrumentIndex index, BrokerKind broker) =>
        [.. index.All.Where(i => i.Brokers.ContainsKey(broker)).Select(i => (Instrument: i, Symbol: i.Brokers[broker]))
            .Select(p => new MasterRow(p.Instrument.Exchange, p.Instrument.ExchangeToken, p.Symbol.TradingSymbol, p.Symbol.OrderExchange, p.Symbol.OrderSymbol,
                p.Symbol.Token, p.Instrument.Symbol, p.Instrument.Name, p.Instrument.Underlying, p.Instrument.Isin, p.Instrument.Kind, p.Instrument.Expiry,
                p.Instrument.Strike, p.Instrument.LotSize, p.Instrument.TickSize))];

    [LoggerMessage(Level = LogLevel.Information, Message = "Instrument masters loaded: {Instruments} instruments, {Symbols} broker symbols in {Milliseconds} ms")]
    private static partial void LogRefreshed(ILogger logger, int instruments, int symbols, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instrument masters not refreshed: {Summary}")]
    private static partial void LogFailed(ILogger logger, string summary);
}
