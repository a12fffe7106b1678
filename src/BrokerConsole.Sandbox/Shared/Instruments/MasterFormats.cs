using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BrokerConsole.Sandbox.Shared.Instruments;

/// <summary>
/// Writes the seed in each broker's own master format (shared/reference/instrument-masters.md §1–§4): Kite's CSV with
/// a header, Angel One's JSON array of all-string values (strike ×100, tick in paise), Fyers' header-less 21-column
/// CSV per segment, Dhan's detailed CSV (tick in paise, ISIN "NA" for derivatives, trailing comma).
/// </summary>
public static class MasterFormats
{
    private static readonly CultureInfo _inv = CultureInfo.InvariantCulture;

    /// <summary>Kite's segment ids, the low byte of <c>instrument_token</c>.</summary>
    public static int KiteSegmentId(string exchange) => exchange switch
    {
        "NSE" => 1,
        "NFO" => 2,
        "BSE" => 4,
        "MCX" => 7,
        _ => 0,
    };

    public static string Kite(IEnumerable<SeedInstrument> rows, string? exchange = null)
    {
        var csv = new StringBuilder("instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,instrument_type,segment,exchange\n");
        foreach (var r in rows.Where(r => exchange is null || string.Equals(r.Exchange, exchange, StringComparison.OrdinalIgnoreCase)))
        {
            var type = r.Kind switch { SeedKind.Future => "FUT", SeedKind.Call => "CE", SeedKind.Put => "PE", _ => "EQ" };
            var segment = r.IsDerivative ? r.Exchange + (r.Kind == SeedKind.Future ? "-FUT" : "-OPT") : r.Exchange;
            csv.Append(CultureInfo.InvariantCulture,
                $"{((long)r.ExchangeToken * 256) + KiteSegmentId(r.Exchange)},{r.ExchangeToken},{r.Symbol},\"{r.Name}\",0,{r.Expiry?.ToString("yyyy-MM-dd", _inv)},{Num(r.Strike)},{Num(r.TickSize)},{r.LotSize},{type},{segment},{r.Exchange}\n");
        }

        return csv.ToString();
    }

    /// <summary>Angel One's symbol: <c>SBIN-EQ</c> on NSE, <c>SBIN</c> on BSE, <c>NIFTY29SEP26FUT</c> / <c>NIFTY29SEP2629200CE</c>.</summary>
    public static string AngelSymbol(SeedInstrument r)
    {
        if (!r.IsDerivative)
        {
            return r.Exchange == "NSE" ? r.Symbol + "-EQ" : r.Symbol;
        }

        var date = r.Expiry!.Value.ToString("ddMMMyy", _inv).ToUpperInvariant();
        return r.Kind == SeedKind.Future ? r.Underlying + date + "FUT" : r.Underlying + date + Num(r.Strike) + r.OptionType;
    }

    public static string Angel(IEnumerable<SeedInstrument> rows)
    {
        var items = rows.Select(r => new Dictionary<string, string>
        {
            ["token"] = r.ExchangeToken.ToString(_inv),
            ["symbol"] = AngelSymbol(r),
            ["name"] = r.Underlying,
            ["expiry"] = r.Expiry?.ToString("ddMMMyyyy", _inv).ToUpperInvariant() ?? "",
            ["strike"] = r.Kind is SeedKind.Call or SeedKind.Put ? (r.Strike * 100).ToString("0.000000", _inv) : "-1.000000",
            ["lotsize"] = r.LotSize.ToString(_inv),
            ["instrumenttype"] = r.Kind switch
            {
                SeedKind.Equity => "",
                SeedKind.Future => r.Exchange == "MCX" ? "FUTCOM" : IsIndex(r) ? "FUTIDX" : "FUTSTK",
                _ => r.Exchange == "MCX" ? "OPTFUT" : IsIndex(r) ? "OPTIDX" : "OPTSTK",
            },
            ["exch_seg"] = r.Exchange,
            ["tick_size"] = (r.TickSize * 100).ToString("0.000000", _inv),
        });
        return JsonSerializer.Serialize(items);
    }

    /// <summary>Fyers' segment files: <c>NSE_CM</c>, <c>NSE_FO</c>, <c>BSE_CM</c>, <c>MCX_COM</c>.</summary>
    public static readonly IReadOnlyList<string> FyersSegments = ["NSE_CM", "NSE_FO", "BSE_CM", "MCX_COM"];

    public static string FyersSegmentOf(SeedInstrument r) => r.Exchange switch
    {
        "NSE" => "NSE_CM",
        "NFO" => "NSE_FO",
        "BSE" => "BSE_CM",
        _ => "MCX_COM",
    };

    /// <summary>Fyers' ticker: <c>NSE:SBIN-EQ</c>, <c>BSE:SBIN-A</c>, <c>NSE:NIFTY26SEPFUT</c>, <c>MCX:CRUDEOIL26SEPFUT</c>.</summary>
    public static string FyersTicker(SeedInstrument r) => r.Exchange switch
    {
        "NSE" => "NSE:" + r.Symbol + "-EQ",
        "BSE" => "BSE:" + r.Symbol + "-A",
        "NFO" => "NSE:" + r.Symbol,
        _ => "MCX:" + r.Symbol,
    };

    public static string FyersToken(SeedInstrument r)
    {
        var (exchange, segment) = FyersCodes(r);
        return $"{exchange}{segment}{r.Expiry?.ToString("yyMMdd", _inv) ?? "000000"}{r.ExchangeToken}";
    }

    public static string Fyers(IEnumerable<SeedInstrument> rows, string segmentFile, DateOnly day)
    {
        var csv = new StringBuilder();
        foreach (var r in rows.Where(r => FyersSegmentOf(r) == segmentFile))
        {
            var (exchange, segment) = FyersCodes(r);
            var instType = r.Kind switch
            {
                SeedKind.Equity => 0,
                SeedKind.Future => r.Exchange == "MCX" ? 30 : IsIndex(r) ? 11 : 13,
                _ => r.Exchange == "MCX" ? 31 : IsIndex(r) ? 14 : 15,
            };
            var details = r.IsDerivative
                ? $"{r.Underlying} {r.Expiry!.Value.ToString("dd MMM yy", _inv)}{(r.Kind == SeedKind.Future ? " FUT" : $" {Num(r.Strike)} {r.OptionType}")}"
                : r.Name;
            // Expiry in epoch seconds at the session's close, IST (15:30 NSE, 23:30 MCX).
            var expiry = r.Expiry is { } e
                ? new DateTimeOffset(e.ToDateTime(r.Exchange == "MCX" ? new TimeOnly(23, 30) : new TimeOnly(15, 30)), TimeSpan.FromHours(5.5)).ToUnixTimeSeconds().ToString(_inv)
                : "";
            var session = r.Exchange == "MCX" ? "0900-2330|1815-1915:" : "0915-1530|1815-1915:";
            var strike = r.Kind is SeedKind.Call or SeedKind.Put ? Num(r.Strike) : "-1.0";
            var token = FyersToken(r);
            csv.Append(CultureInfo.InvariantCulture,
                $"{token},{details},{instType},{(r.Exchange == "MCX" ? 1 : r.LotSize)},{Num(r.TickSize)},{r.Isin},{session},{day.ToString("yyyy-MM-dd", _inv)},{expiry},{FyersTicker(r)},{exchange},{segment},{r.ExchangeToken},{r.Underlying},{r.ExchangeToken},{strike},{r.OptionType},{token},None,0,0.0\n");
        }

        return csv.ToString();
    }

    /// <summary>Dhan's trading symbol (its books report the cash symbol; derivatives' SYMBOL_NAME): <c>SBIN</c>, <c>NIFTY-Sep2026-FUT</c>, <c>NIFTY-Sep2026-29200-CE</c>.</summary>
    public static string DhanSymbol(SeedInstrument r) => !r.IsDerivative
        ? r.Symbol
        : $"{r.Underlying}-{r.Expiry!.Value.ToString("MMMyyyy", _inv)}-{(r.Kind == SeedKind.Future ? "FUT" : Num(r.Strike) + "-" + r.OptionType)}";

    public static string Dhan(IEnumerable<SeedInstrument> rows)
    {
        var csv = new StringBuilder("EXCH_ID,SEGMENT,SECURITY_ID,ISIN,INSTRUMENT,UNDERLYING_SECURITY_ID,UNDERLYING_SYMBOL,SYMBOL_NAME,DISPLAY_NAME,INSTRUMENT_TYPE,SERIES,LOT_SIZE,SM_EXPIRY_DATE,STRIKE_PRICE,OPTION_TYPE,TICK_SIZE,EXPIRY_FLAG,BRACKET_FLAG,COVER_FLAG,ASM_GSM_FLAG,ASM_GSM_CATEGORY,BUY_SELL_INDICATOR,BUY_CO_MIN_MARGIN_PER,BUY_CO_SL_RANGE_MAX_PERC,BUY_CO_SL_RANGE_MIN_PERC,BUY_BO_MIN_MARGIN_PER,BUY_BO_PROFIT_RANGE_MAX_PERC,BUY_BO_PROFIT_RANGE_MIN_PERC,MTF_LEVERAGE,SM_UPPER_LIMIT,SM_LOWER_LIMIT,SM_FREEZE_QTY,\n");
        foreach (var r in rows)
        {
            var (exch, segment) = r.Exchange switch
            {
                "NSE" => ("NSE", "E"),
                "BSE" => ("BSE", "E"),
                "NFO" => ("NSE", "D"),
                _ => ("MCX", "M"),
            };
            var instrument = r.Kind switch
            {
                SeedKind.Equity => "EQUITY",
                SeedKind.Future => r.Exchange == "MCX" ? "FUTCOM" : IsIndex(r) ? "FUTIDX" : "FUTSTK",
                _ => r.Exchange == "MCX" ? "OPTFUT" : IsIndex(r) ? "OPTIDX" : "OPTSTK",
            };
            var display = r.IsDerivative
                ? $"{r.Underlying} {r.Expiry!.Value.ToString("dd MMM", _inv).ToUpperInvariant()}{(r.Kind == SeedKind.Future ? " FUT" : $" {Num(r.Strike)} {(r.Kind == SeedKind.Call ? "CALL" : "PUT")}")}"
                : r.Name;
            var strike = r.Kind is SeedKind.Call or SeedKind.Put ? r.Strike.ToString("0.00000", _inv) : r.IsDerivative ? "-0.01000" : "";
            csv.Append(CultureInfo.InvariantCulture,
                $"{exch},{segment},{r.ExchangeToken},{r.Isin ?? "NA"},{instrument},,{r.Underlying},{(r.IsDerivative ? DhanSymbol(r) : r.Name)},{display},{(r.IsDerivative ? (r.Kind == SeedKind.Future ? "FUT" : "OP") : "ES")},{(r.IsDerivative ? "NA" : r.Exchange == "NSE" ? "EQ" : "A")},{r.LotSize.ToString("0.0", _inv)},{r.Expiry?.ToString("yyyy-MM-dd", _inv)},{strike},{(r.IsDerivative ? r.OptionType : "")},{(r.TickSize * 100).ToString("0.0000", _inv)},{(r.IsDerivative ? "M" : "NA")},N,N,N,NA,A,0,0,0,0,0,0,0,0,0,0,\n");
        }

        return csv.ToString();
    }

    private static bool IsIndex(SeedInstrument r) => r.Underlying is "NIFTY" or "BANKNIFTY";

    private static (int Exchange, int Segment) FyersCodes(SeedInstrument r) => r.Exchange switch
    {
        "NSE" => (10, 10),
        "NFO" => (10, 11),
        "BSE" => (12, 10),
        _ => (11, 20),
    };

    private static string Num(decimal value) => value.ToString("0.##########", _inv);
}
