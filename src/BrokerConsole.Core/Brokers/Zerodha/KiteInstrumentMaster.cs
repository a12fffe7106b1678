using BrokerConsole.Core.Instruments;

namespace BrokerConsole.Core.Brokers.Zerodha;

/// <summary>
/// Kite's instruments dump (<c>GET /instruments</c>, a CSV with a header, read by column name; reference §1). Kite's
/// tradingsymbol is the exchange's, so it is also the console's name. INDICES rows are left out: their tokens are
/// Kite's own index codes, shared with no other broker (§5).
/// </summary>
internal sealed class KiteInstrumentMaster(IServiceProvider services, ZerodhaOptions options) : IInstrumentMasterSource
{
    public Uri Location => new(MasterDownload.Folder(options.SandboxApiRoot ?? options.ApiRoot), "instruments");

    public async Task<IReadOnlyList<MasterRow>> LoadAsync(CancellationToken cancellationToken)
    {
        var text = await MasterDownload.TextAsync(services, Location, cancellationToken);
        return Parse(text);
    }

    internal static List<MasterRow> Parse(string text)
    {
        var lines = CsvFields.Lines(text).GetEnumerator();
        if (!lines.MoveNext())
        {
            throw new InstrumentMasterException("Kite's instruments dump is empty.");
        }

        var header = CsvFields.Split(lines.Current);
        int Col(string name) => header.IndexOf(name) is >= 0 and var i ? i : throw new InstrumentMasterException($"Kite's instruments dump has no '{name}' column.");
        var (token, exToken, symbol, name, expiry, strike, tick, lot, type, segment, exchange) = (Col("instrument_token"), Col("exchange_token"),
            Col("tradingsymbol"), Col("name"), Col("expiry"), Col("strike"), Col("tick_size"), Col("lot_size"), Col("instrument_type"), Col("segment"), Col("exchange"));
        var rows = new List<MasterRow>();
        while (lines.MoveNext())
        {
            var f = CsvFields.Split(lines.Current);
            if (f.Count < header.Count || f[segment] == "INDICES")
            {
                continue;
            }

            InstrumentKind? kind = f[type] switch
            {
                "EQ" => InstrumentKind.Equity,
                "FUT" => InstrumentKind.Future,
                "CE" => InstrumentKind.Call,
                "PE" => InstrumentKind.Put,
                _ => null,
            };
            if (kind is not { } k)
            {
                continue;
            }

            rows.Add(new MasterRow(f[exchange], f[exToken], f[symbol], f[exchange], f[symbol], f[token], f[symbol], f[name],
                k == InstrumentKind.Equity ? f[symbol] : f[name], null, k, ExchangeSymbols.Date(f[expiry], "yyyy-MM-dd"),
                ExchangeSymbols.Dec(f[strike]), ExchangeSymbols.WholeNumber(f[lot]), ExchangeSymbols.Dec(f[tick])));
        }

        return rows;
    }
}
