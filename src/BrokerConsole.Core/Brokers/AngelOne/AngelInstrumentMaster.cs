using System.Text.Json;
using BrokerConsole.Core.Instruments;

namespace BrokerConsole.Core.Brokers.AngelOne;

/// <summary>
/// Angel One's scrip master (<c>OpenAPIScripMaster.json</c>, one array of all-string objects; reference §2): strike is
/// ×100, tick in paise, expiry <c>DDMMMYYYY</c>. Index rows (<c>AMXIDX</c>, 999-prefixed tokens) are left out.
/// </summary>
internal sealed class AngelInstrumentMaster(IServiceProvider services, AngelOneOptions options) : IInstrumentMasterSource
{
    public static readonly Uri LiveLocation = new("https://margincalculator.angelone.in/OpenAPI_File/files/OpenAPIScripMaster.json");

    public Uri Location => options.SandboxApiRoot is { } sandbox
        ? new(MasterDownload.Folder(sandbox), "OpenAPI_File/files/OpenAPIScripMaster.json")
        : LiveLocation;

    public async Task<IReadOnlyList<MasterRow>> LoadAsync(CancellationToken cancellationToken)
    {
        var text = await MasterDownload.TextAsync(services, Location, cancellationToken);
        try
        {
            return Parse(text);
        }
        catch (JsonException ex)
        {
            throw new InstrumentMasterException("Angel One's scrip master is not the JSON array it should be.", ex);
        }
    }

    internal static List<MasterRow> Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        var rows = new List<MasterRow>(document.RootElement.GetArrayLength());
        foreach (var e in document.RootElement.EnumerateArray())
        {
            string S(string key) => e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
            var exchange = S("exch_seg");
            var type = S("instrumenttype");
            var symbol = S("symbol");
            InstrumentKind? kind = type switch
            {
                "" => InstrumentKind.Equity,
                _ when type.StartsWith("FUT", StringComparison.Ordinal) => InstrumentKind.Future,
                _ when type.StartsWith("OPT", StringComparison.Ordinal) && symbol.EndsWith("CE", StringComparison.Ordinal) => InstrumentKind.Call,
                _ when type.StartsWith("OPT", StringComparison.Ordinal) && symbol.EndsWith("PE", StringComparison.Ordinal) => InstrumentKind.Put,
                _ => null,
            };
            if (kind is not { } k || exchange is not ("NSE" or "BSE" or "NFO" or "BFO" or "MCX" or "CDS"))
            {
                continue;
            }

            var name = S("name");
            var expiry = ExchangeSymbols.Date(S("expiry"), "ddMMMyyyy");
            var strike = k is InstrumentKind.Call or InstrumentKind.Put ? ExchangeSymbols.Dec(S("strike")) / 100 : 0;
            // NSE cash symbols carry the series (SBIN-EQ); the exchange's symbol is the part before it.
            var exchangeSymbol = k == InstrumentKind.Equity
                ? (exchange == "NSE" && symbol.LastIndexOf('-') is > 0 and var dash ? symbol[..dash] : symbol)
                : expiry is { } date ? ExchangeSymbols.Derivative(name, date, k, strike) : symbol;
            rows.Add(new MasterRow(exchange, S("token"), symbol, exchange, symbol, S("token"), exchangeSymbol, name, name, null, k, expiry, strike,
                ExchangeSymbols.WholeNumber(S("lotsize")), ExchangeSymbols.Dec(S("tick_size")) / 100));
        }

        return rows;
    }
}
