using BrokerConsole.Core.Instruments;

namespace BrokerConsole.Core.Brokers.Fyers;

/// <summary>
/// Fyers' symbol masters, one header-less CSV per segment (reference §3.1, read by position up to column 17): ISIN,
/// rupee ticks, expiry in epoch seconds, the exchange token in column 12. MCX files carry lot 1 on every row (the real
/// lot is only in the JSON), so their lot is left unknown (0) for another broker's master to supply.
/// </summary>
internal sealed class FyersInstrumentMaster(IServiceProvider services, FyersOptions options) : IInstrumentMasterSource
{
    public static readonly Uri LiveFolder = new("https://public.fyers.in/sym_details/");

    public static readonly IReadOnlyList<string> Segments = ["NSE_CM", "NSE_FO", "BSE_CM", "MCX_COM"];

    public Uri Location => options.SandboxApiRoot is { } sandbox ? new(MasterDownload.Folder(sandbox), "sym_details/") : LiveFolder;

    public async Task<IReadOnlyList<MasterRow>> LoadAsync(CancellationToken cancellationToken)
    {
        var rows = new List<MasterRow>();
        foreach (var segment in Segments)
        {
            rows.AddRange(Parse(await MasterDownload.TextAsync(services, new Uri(Location, segment + ".csv"), cancellationToken)));
        }

        return rows;
    }

    internal static List<MasterRow> Parse(string text)
    {
        var rows = new List<MasterRow>();
        foreach (var line in CsvFields.Lines(text))
        {
            var f = CsvFields.Split(line);
            if (f.Count < 17 || f[9].IndexOf(':', StringComparison.Ordinal) is not (> 0 and var colon))
            {
                continue;
            }

            var prefix = f[9][..colon];
            var brokerSymbol = f[9][(colon + 1)..];
            var segment = f[11];
            var exchange = (prefix, segment) switch
            {
                ("NSE", "10") => "NSE",
                ("BSE", "10") => "BSE",
                ("NSE", "11") => "NFO",
                ("BSE", "11") => "BFO",
                ("NSE", "12") => "CDS",
                ("MCX", _) => "MCX",
                _ => null,
            };
            if (exchange is null || (segment == "10" && f[2] == "10"))
            {
                continue; // another segment, or an index (exInstType 10)
            }

            var kind = segment == "10" ? InstrumentKind.Equity : f[16] switch { "CE" => InstrumentKind.Call, "PE" => InstrumentKind.Put, _ => InstrumentKind.Future };
            DateOnly? expiry = long.TryParse(f[8], out var epoch)
                ? DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(epoch).ToOffset(TimeSpan.FromHours(5.5)).DateTime)
                : null;
            var strike = kind is InstrumentKind.Call or InstrumentKind.Put ? ExchangeSymbols.Dec(f[15]) : 0;
            var exchangeSymbol = kind == InstrumentKind.Equity
                ? (brokerSymbol.LastIndexOf('-') is > 0 and var dash ? brokerSymbol[..dash] : brokerSymbol)
                : expiry is { } date ? ExchangeSymbols.Derivative(f[13], date, kind, strike) : brokerSymbol;
            var lot = exchange == "MCX" ? 0 : ExchangeSymbols.WholeNumber(f[3]);
            rows.Add(new MasterRow(exchange, f[12], brokerSymbol, prefix, brokerSymbol, f[0], exchangeSymbol, f[1], f[13],
                string.IsNullOrWhiteSpace(f[5]) ? null : f[5], kind, expiry, strike, lot, ExchangeSymbols.Dec(f[4])));
        }

        return rows;
    }
}
