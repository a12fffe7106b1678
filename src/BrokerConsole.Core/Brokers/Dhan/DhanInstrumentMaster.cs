using BrokerConsole.Core.Instruments;

namespace BrokerConsole.Core.Brokers.Dhan;

/// <summary>
/// Dhan's detailed scrip master (reference §4.2, read by column name: the live header differs from the doc table): the
/// only Dhan file with ISINs, ticks in paise, <c>NA</c> for a derivative's ISIN. Orders to Dhan name the security id,
/// so that is the row's order symbol: an order entered as NSE:SBIN reaches Dhan as security id 3045.
/// </summary>
internal sealed class DhanInstrumentMaster(IServiceProvider services, DhanOptions options) : IInstrumentMasterSource
{
    public static readonly Uri LiveLocation = new("https://images.dhan.co/api-data/api-scrip-master-detailed.csv");

    // The sandbox's Dhan API root ends in /v2; its files sit beside it under /api-data, as images.dhan.co's do.
    public Uri Location => options.SandboxApiRoot is { } sandbox
        ? new(sandbox.AbsoluteUri.TrimEnd('/') is var root && root.EndsWith("/v2", StringComparison.Ordinal) ? root[..^3] + "/api-data/api-scrip-master-detailed.csv" : root + "/api-data/api-scrip-master-detailed.csv")
        : LiveLocation;

    public async Task<IReadOnlyList<MasterRow>> LoadAsync(CancellationToken cancellationToken) =>
        Parse(await MasterDownload.TextAsync(services, Location, cancellationToken));

    internal static List<MasterRow> Parse(string text)
    {
        var lines = CsvFields.Lines(text).GetEnumerator();
        if (!lines.MoveNext())
        {
            throw new InstrumentMasterException("Dhan's scrip master is empty.");
        }

        var header = CsvFields.Split(lines.Current);
        int Col(string name) => header.IndexOf(name) is >= 0 and var i ? i : throw new InstrumentMasterException($"Dhan's scrip master has no '{name}' column.");
        var (exch, seg, id, isin, instrument, underlying, symbolName, lot, expiry, strike, option, tick) = (Col("EXCH_ID"), Col("SEGMENT"), Col("SECURITY_ID"),
            Col("ISIN"), Col("INSTRUMENT"), Col("UNDERLYING_SYMBOL"), Col("SYMBOL_NAME"), Col("LOT_SIZE"), Col("SM_EXPIRY_DATE"), Col("STRIKE_PRICE"),
            Col("OPTION_TYPE"), Col("TICK_SIZE"));
        var rows = new List<MasterRow>();
        while (lines.MoveNext())
        {
            var f = CsvFields.Split(lines.Current);
            if (f.Count < header.Count - 1)
            {
                continue;
            }

            var exchange = (f[exch], f[seg]) switch
            {
                ("NSE", "E") => "NSE",
                ("BSE", "E") => "BSE",
                ("NSE", "D") => "NFO",
                ("BSE", "D") => "BFO",
                ("NSE", "C") => "CDS",
                ("MCX", "M") => "MCX",
                _ => null,
            };
            if (exchange is null)
            {
                continue; // index rows (segment I) and segments the app does not trade
            }

            var kind = f[instrument] == "EQUITY" ? InstrumentKind.Equity
                : f[option] switch { "CE" => InstrumentKind.Call, "PE" => InstrumentKind.Put, _ => InstrumentKind.Future };
            if (kind == InstrumentKind.Equity && f[instrument] != "EQUITY")
            {
                continue;
            }

            var date = ExchangeSymbols.Date(f[expiry], "yyyy-MM-dd") ?? ExchangeSymbols.Date(f[expiry], "dd/MM/yy");
            var strikePrice = kind is InstrumentKind.Call or InstrumentKind.Put ? ExchangeSymbols.Dec(f[strike]) : 0;
            var brokerSymbol = kind == InstrumentKind.Equity ? f[underlying] : f[symbolName];
            var exchangeSymbol = kind == InstrumentKind.Equity ? f[underlying]
                : date is { } d ? ExchangeSymbols.Derivative(f[underlying], d, kind, strikePrice) : brokerSymbol;
            rows.Add(new MasterRow(exchange, f[id], brokerSymbol, exchange, f[id], f[id], exchangeSymbol,
                kind == InstrumentKind.Equity ? f[symbolName] : f[underlying], f[underlying], f[isin] is "" or "NA" ? null : f[isin], kind, date, strikePrice,
                ExchangeSymbols.WholeNumber(f[lot]), ExchangeSymbols.Dec(f[tick]) / 100));
        }

        return rows;
    }
}
