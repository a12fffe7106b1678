using System.Globalization;

namespace BrokerConsole.Sandbox.Shared.Instruments;

/// <summary>
/// The one list every sandbox master is written from, so the same instrument has the same exchange token and ISIN at
/// every broker, as it does in life. Deterministic: the same IST day gives the same rows in the same order. Thousands
/// of rows (the brokers' real files are far larger still): the five real stocks the sandboxes trade, about fifteen
/// hundred made-up companies listed on NSE and BSE, NIFTY/BANKNIFTY and stock futures and options on NFO, and MCX
/// commodity futures and options, with the three monthly expiries current on that day.
/// </summary>
public static class InstrumentSeed
{
    /// <summary>Real NSE/BSE tokens and ISINs of the stocks the sandboxes' markets and demo users already hold.</summary>
    private static readonly (string Symbol, string Name, string Isin, int NseToken, int BseToken, decimal Price, int Lot, decimal Step)[] _realStocks =
    [
        ("SBIN", "STATE BANK OF INDIA", "INE062A01020", 3045, 500112, 812.40m, 750, 10),
        ("INFY", "INFOSYS", "INE009A01021", 1594, 500209, 1502.50m, 400, 20),
        ("RELIANCE", "RELIANCE INDUSTRIES", "INE002A01018", 2885, 500325, 1288.00m, 500, 20),
        ("TCS", "TATA CONSULTANCY SERVICES", "INE467B01029", 11536, 532540, 4020.00m, 175, 50),
        ("HDFCBANK", "HDFC BANK", "INE040A01034", 1333, 500180, 1712.35m, 550, 20),
    ];

    private static readonly string[] _prefixes =
        ["AAR", "BHA", "CHE", "DEV", "EKA", "GAN", "HAR", "IND", "JAY", "KAV", "LAK", "MAH", "NAV", "OMK", "PAR", "RAJ", "SHR", "TAR", "UMA", "VAS"];

    private static readonly string[] _suffixes =
        ["TEX", "CHEM", "FIN", "POWER", "STEEL", "PHARMA", "INFRA", "AUTO", "SOFT", "AGRO", "CAP", "LABS", "METAL", "FOODS", "MOTORS"];

    /// <summary>Made-up companies: prefix × suffix × five series letters.</summary>
    public const int MadeUpCompanies = 1500;

    private static readonly Lock _gate = new();
    private static (DateOnly Day, IReadOnlyList<SeedInstrument> Rows)? _cache;

    /// <summary>Every row current on <paramref name="istDay"/>.</summary>
    public static IReadOnlyList<SeedInstrument> For(DateOnly istDay)
    {
        lock (_gate)
        {
            if (_cache is { } cached && cached.Day == istDay)
            {
                return cached.Rows;
            }

            var rows = Build(istDay);
            _cache = (istDay, rows);
            return rows;
        }
    }

    /// <summary>The IST calendar day of <paramref name="now"/>: masters are published per trading day in India.</summary>
    public static DateOnly IstDay(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(5.5)).DateTime);

    private static List<SeedInstrument> Build(DateOnly day)
    {
        var rows = new List<SeedInstrument>(5000);
        foreach (var s in _realStocks)
        {
            rows.Add(new("NSE", s.NseToken, s.Symbol, s.Symbol, s.Name, s.Isin, SeedKind.Equity, null, 0, 1, 0.05m, s.Price));
            rows.Add(new("BSE", s.BseToken, s.Symbol, s.Symbol, s.Name, s.Isin, SeedKind.Equity, null, 0, 1, 0.05m, s.Price));
        }

        for (var i = 0; i < MadeUpCompanies; i++)
        {
            var prefix = _prefixes[i % _prefixes.Length];
            var suffix = _suffixes[i / _prefixes.Length % _suffixes.Length];
            var series = i / (_prefixes.Length * _suffixes.Length);
            var symbol = prefix + suffix + (series == 0 ? "" : ((char)('A' + series)).ToString());
            var name = $"{prefix} {suffix} INDUSTRIES{(series == 0 ? "" : " " + (char)('A' + series))} LTD";
            var isin = Isin($"INES{i:D5}01");
            var price = 20m + (Mix(i) % 498_000) / 100m;
            var tick = price >= 2000 ? 0.10m : 0.05m;
            price = Math.Round(price / tick) * tick;
            rows.Add(new("NSE", 20001 + i, symbol, symbol, name, isin, SeedKind.Equity, null, 0, 1, tick, price));
            rows.Add(new("BSE", 600001 + i, symbol, symbol, name, isin, SeedKind.Equity, null, 0, 1, tick, price));
        }

        var nfoToken = 35000;
        var nfoExpiries = Expiries(day, LastTuesday);
        AddDerivatives(rows, "NFO", "NIFTY", 25000m, 65, 0.10m, 50, 40, nfoExpiries, ref nfoToken);
        AddDerivatives(rows, "NFO", "BANKNIFTY", 55000m, 30, 0.20m, 100, 30, nfoExpiries, ref nfoToken);
        foreach (var s in _realStocks)
        {
            AddDerivatives(rows, "NFO", s.Symbol, s.Price, s.Lot, 0.10m, s.Step, 10, nfoExpiries[..2], ref nfoToken);
        }

        var mcxToken = 430000;
        var mcxExpiries = Expiries(day, McxExpiry);
        AddDerivatives(rows, "MCX", "CRUDEOIL", 5600m, 100, 1m, 50, 10, mcxExpiries, ref mcxToken, optionTick: 0.10m);
        AddDerivatives(rows, "MCX", "NATURALGAS", 280m, 1250, 0.10m, 5, 0, mcxExpiries, ref mcxToken);
        AddDerivatives(rows, "MCX", "GOLD", 76000m, 1, 1m, 100, 0, mcxExpiries, ref mcxToken);
        AddDerivatives(rows, "MCX", "SILVER", 92000m, 1, 1m, 250, 0, mcxExpiries, ref mcxToken);
        return rows;
    }

    /// <summary>A future for each expiry and <paramref name="strikesEachSide"/> strikes of calls and puts around the price.</summary>
    private static void AddDerivatives(List<SeedInstrument> rows, string exchange, string underlying, decimal price, int lot, decimal futureTick,
        decimal step, int strikesEachSide, DateOnly[] expiries, ref int token, decimal optionTick = 0.05m)
    {
        var atm = Math.Round(price / step) * step;
        foreach (var expiry in expiries)
        {
            var code = MonthCode(underlying, expiry);
            rows.Add(new(exchange, token++, code + "FUT", underlying, underlying, null, SeedKind.Future, expiry, 0, lot, futureTick, Math.Round(price / futureTick) * futureTick));
            for (var k = -strikesEachSide; k <= strikesEachSide && strikesEachSide > 0; k++)
            {
                var strike = atm + (k * step);
                var strikeText = strike.ToString("0.##", CultureInfo.InvariantCulture);
                var time = Math.Max(optionTick, Math.Round(price * 0.01m / optionTick) * optionTick);
                rows.Add(new(exchange, token++, code + strikeText + "CE", underlying, underlying, null, SeedKind.Call, expiry, strike, lot, optionTick,
                    Math.Max(price - strike, 0) + time));
                rows.Add(new(exchange, token++, code + strikeText + "PE", underlying, underlying, null, SeedKind.Put, expiry, strike, lot, optionTick,
                    Math.Max(strike - price, 0) + time));
            }
        }
    }

    /// <summary>The exchange's monthly form: underlying + YY + MMM (<c>NIFTY26SEP</c>).</summary>
    public static string MonthCode(string underlying, DateOnly expiry) =>
        underlying + expiry.ToString("yy", CultureInfo.InvariantCulture) + expiry.ToString("MMM", CultureInfo.InvariantCulture).ToUpperInvariant();

    /// <summary>The three monthly expiries not yet past on <paramref name="day"/>.</summary>
    private static DateOnly[] Expiries(DateOnly day, Func<int, int, DateOnly> rule)
    {
        var first = new DateOnly(day.Year, day.Month, 1);
        var expiries = new List<DateOnly>();
        for (var m = 0; expiries.Count < 3; m++)
        {
            var month = first.AddMonths(m);
            var expiry = rule(month.Year, month.Month);
            if (expiry >= day)
            {
                expiries.Add(expiry);
            }
        }

        return [.. expiries];
    }

    /// <summary>NSE's monthly index and stock derivatives expire on the month's last Tuesday (since September 2025).</summary>
    private static DateOnly LastTuesday(int year, int month)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(((int)last.DayOfWeek - (int)DayOfWeek.Tuesday + 7) % 7));
    }

    /// <summary>A simplified MCX rule: the 19th, or the Friday before it when it falls on a weekend.</summary>
    private static DateOnly McxExpiry(int year, int month)
    {
        var day = new DateOnly(year, month, 19);
        return day.DayOfWeek switch
        {
            DayOfWeek.Saturday => day.AddDays(-1),
            DayOfWeek.Sunday => day.AddDays(-2),
            _ => day,
        };
    }

    /// <summary>A fixed scramble of the index (prices must not depend on a random generator's implementation).</summary>
    private static long Mix(int i)
    {
        var x = (ulong)(i + 1) * 0x9E3779B97F4A7C15UL;
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 32;
        return (long)(x % int.MaxValue);
    }

    /// <summary>Appends the ISIN check digit (ISO 6166: letters to numbers, then the Luhn digit).</summary>
    private static string Isin(string body)
    {
        var digits = string.Concat(body.Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString(CultureInfo.InvariantCulture)));
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                d = d > 9 ? d - 9 : d;
            }

            sum += d;
        }

        return body + ((10 - (sum % 10)) % 10).ToString(CultureInfo.InvariantCulture);
    }
}
