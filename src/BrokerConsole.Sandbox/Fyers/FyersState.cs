using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BrokerConsole.Sandbox.Kite;
using BrokerConsole.Sandbox.Shared;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Sandbox.Fyers;

/// <summary>Sessions, auth codes, order books, trades and the simulated market of the Fyers sandbox.</summary>
internal sealed class FyersState
{
    /// <summary>A small universe (fyTokens follow Fyers' 1010000000xxxx pattern for NSE cash).</summary>
    public static readonly IReadOnlyList<FyersInstrument> Instruments =
    [
        new("NSE:SBIN-EQ", "10100000003045", "INE062A01020", 812.40m),
        new("NSE:INFY-EQ", "10100000001594", "INE009A01021", 1502.50m),
        new("NSE:RELIANCE-EQ", "10100000002885", "INE002A01018", 1288.00m),
        new("NSE:TCS-EQ", "10100000011536", "INE467B01029", 4020.00m),
    ];

    private static readonly TimeSpan _ist = TimeSpan.FromHours(5.5);

    private readonly IOptions<SandboxOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, FyersSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string AppId, string FyId, DateTimeOffset Expires)> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<FyersSandboxOrder>> _orders = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, List<FyersSandboxTrade>> _trades = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string, long), int> _windows = new();
    private long _next = 1;

    private readonly SandboxRateClock _rateClock;

    public FyersState(IOptions<SandboxOptions> options, TimeProvider clock, SandboxRateClock rateClock)
    {
        _options = options;
        _clock = clock;
        _rateClock = rateClock;
        Market = new SimulatedPrices(clock, options.Value.Fyers.MarketSeed, Instruments.ToDictionary(i => i.Symbol, i => i.BasePrice));
    }

    public FyersSandboxOptions Options => _options.Value.Fyers;

    public SimulatedPrices Market { get; }

    public FyersControlState Control { get; } = new();

    public DateTimeOffset Now => _clock.GetUtcNow();

    public static FyersInstrument? Find(string? symbol) =>
        Instruments.FirstOrDefault(i => string.Equals(i.Symbol, symbol, StringComparison.OrdinalIgnoreCase));

    public decimal Ltp(FyersInstrument instrument) => Market.Price(instrument.Symbol)!.Value;

    public string IssueCode(string appId, string fyId)
    {
        var code = Jwt(new Dictionary<string, object> { ["sub"] = "auth_code", ["app_id"] = appId, ["jti"] = Guid.NewGuid().ToString("N") });
        _codes[code] = (appId, fyId, Now + Options.AuthCodeLifetime);
        return code;
    }

    /// <summary>Single use: a second validate with the same code fails like an unknown one.</summary>
    public (string AppId, string FyId)? TakeCode(string code) =>
        _codes.TryRemove(code, out var entry) && entry.Expires > Now ? (entry.AppId, entry.FyId) : null;

    public FyersSession Issue(string appId, string fyId)
    {
        // A trading-day token: it dies at the next 06:00 IST, as the daily 2FA rule implies.
        var ist = Now.ToOffset(_ist);
        var flush = new DateTimeOffset(ist.Year, ist.Month, ist.Day, 6, 0, 0, ist.Offset);
        var expires = ist < flush ? flush : flush.AddDays(1);
        var token = Jwt(new Dictionary<string, object> { ["sub"] = "access_token", ["fy_id"] = fyId, ["exp"] = expires.ToUnixTimeSeconds(), ["jti"] = Guid.NewGuid().ToString("N") });
        var session = new FyersSession(token, appId, fyId, expires);
        _sessions[token] = session;
        return session;
    }

    public FyersSession? Find(string appId, string token) =>
        _sessions.TryGetValue(token, out var s) && !s.Ended && s.AppId == appId && s.ExpiresAt > Now ? s : null;

    public int Expire(string? fyId, bool all)
    {
        var n = 0;
        foreach (var s in _sessions.Values.Where(s => !s.Ended && (all || string.Equals(s.FyId, fyId, StringComparison.OrdinalIgnoreCase))))
        {
            s.Ended = true;
            n++;
        }

        return n;
    }

    /// <summary>10 requests per second per app (reference §2.9), on the wall clock: a fake clock must not make 429s unreachable.</summary>
    public bool TryCount(string appId) => _windows.AddOrUpdate((appId, _rateClock.Second), 1, (_, c) => c + 1) <= 10;

    public void Reset(bool orders, bool sessions)
    {
        Control.Reset();
        Market.Reset();
        _windows.Clear();
        if (orders)
        {
            _orders.Clear();
            _trades.Clear();
        }

        if (sessions)
        {
            Expire(null, all: true);
        }
    }

    /// <summary>The user's orders after letting the market fill whatever it crossed.</summary>
    public List<FyersSandboxOrder> Orders(string fyId)
    {
        var list = _orders.GetOrAdd(fyId, _ => []);
        lock (list)
        {
            foreach (var order in list.Where(o => o.Status == 6))
            {
                TryFill(order);
            }

            return [.. list];
        }
    }

    public List<FyersSandboxTrade> Trades(string fyId)
    {
        Orders(fyId);
        var trades = _trades.GetOrAdd(fyId, _ => []);
        lock (trades)
        {
            return [.. trades];
        }
    }

    public FyersSandboxOrder Place(string fyId, FyersInstrument instrument, JsonElement body)
    {
        var order = new FyersSandboxOrder
        {
            Id = Now.ToOffset(_ist).ToString("yyMMdd", CultureInfo.InvariantCulture) + Interlocked.Increment(ref _next).ToString("D8", CultureInfo.InvariantCulture),
            FyId = fyId,
            Instrument = instrument,
            Qty = body.GetProperty("qty").GetInt32(),
            Type = body.GetProperty("type").GetInt32(),
            Side = body.GetProperty("side").GetInt32(),
            ProductType = body.GetProperty("productType").GetString()!,
            LimitPrice = Number(body, "limitPrice") ?? 0m,
            StopPrice = Number(body, "stopPrice") ?? 0m,
            DisclosedQty = (int)(Number(body, "disclosedQty") ?? 0m),
            Validity = body.TryGetProperty("validity", out var v) ? v.GetString() ?? "DAY" : "DAY",
            Tag = body.TryGetProperty("orderTag", out var t) ? t.GetString() : null,
            PlacedAt = Now,
        };
        var list = _orders.GetOrAdd(fyId, _ => []);
        lock (list)
        {
            list.Add(order);
            TryFill(order);
        }

        return order;
    }

    /// <summary>Finds one of the user's orders under the book's lock and applies <paramref name="change"/> to it.</summary>
    public T? WithOrder<T>(string fyId, string id, Func<FyersSandboxOrder, T> change)
        where T : class
    {
        var list = _orders.GetOrAdd(fyId, _ => []);
        lock (list)
        {
            var order = list.FirstOrDefault(o => o.Id == id);
            if (order is { Status: 6 })
            {
                TryFill(order);
            }

            return order is null ? null : change(order);
        }
    }

    /// <summary>Fills a pending order in one trade when the simulated market crosses its price (reference §2.6 type codes).</summary>
    public void TryFill(FyersSandboxOrder order)
    {
        var ltp = Ltp(order.Instrument);
        var buy = order.Side == 1;
        var triggered = order.Type is 1 or 2 || (buy ? ltp >= order.StopPrice : ltp <= order.StopPrice);
        decimal? price = order.Type switch
        {
            2 or 3 when triggered => ltp,
            1 or 4 when triggered && (buy ? order.LimitPrice >= ltp : order.LimitPrice <= ltp) => ltp,
            _ => null,
        };
        if (price is null)
        {
            return;
        }

        order.Status = 2;
        order.Filled = order.Qty;
        order.TradedPrice = price.Value;
        order.FilledAt = Now;
        var trades = _trades.GetOrAdd(order.FyId, _ => []);
        lock (trades)
        {
            trades.Add(new FyersSandboxTrade("2" + order.Id[^8..] + trades.Count.ToString("D2", CultureInfo.InvariantCulture), order, order.Qty, price.Value, Now));
        }
    }

    public static decimal? Number(JsonElement body, string name) =>
        body.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.Number => v.GetDecimal(),
            JsonValueKind.String when decimal.TryParse(v.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        } : null;

    private static string Jwt(Dictionary<string, object> claims)
    {
        static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return B64(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")) + "." + B64(JsonSerializer.SerializeToUtf8Bytes(claims)) + "." + B64(RandomNumberGenerator.GetBytes(32));
    }
}
