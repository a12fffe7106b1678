using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BrokerConsole.Sandbox.Kite;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Sandbox.Angel;

internal sealed record AngelSession(string Jwt, string ClientCode, string ApiKey, DateTimeOffset ExpiresAt)
{
    public bool Ended { get; set; }
}

internal sealed class AngelSandboxOrder
{
    public required string OrderId { get; init; }
    public required string UniqueOrderId { get; init; }
    public required string ClientCode { get; init; }
    public required AngelScrip Scrip { get; init; }
    public required string Variety { get; init; }
    public required string TransactionType { get; init; }
    public required string OrderType { get; init; }
    public required string ProductType { get; init; }
    public required string Duration { get; init; }
    public required int Quantity { get; init; }
    public required decimal Price { get; init; }
    public required decimal TriggerPrice { get; init; }
    public string? OrderTag { get; init; }
    public required DateTimeOffset PlacedAt { get; init; }
    public string Status { get; set; } = "open";
    public int Filled { get; set; }
    public decimal AveragePrice { get; set; }
    public string Text { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>An injected failure for the next matching calls: HTTP status, dialect and code.</summary>
internal sealed record AngelFault(int Status, string Dialect, string? ErrorCode, string Message, string? PathPrefix)
{
    public int Remaining { get; set; }
}

/// <summary>All mutable state of the Angel sandbox: sessions, order books, faults, rate-limit windows.</summary>
internal sealed class AngelState(IOptions<SandboxOptions> options, TimeProvider clock, AngelMarket market)
{
    private readonly ConcurrentDictionary<string, AngelSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<AngelSandboxOrder>> _orders = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<AngelFault> _faults = [];
    private readonly ConcurrentDictionary<(string, string, long), int> _windows = new();
    private readonly Lock _lock = new();
    private long _nextOrder = 1_000;

    public AngelSandboxOptions Options => options.Value.Angel;

    public DateTimeOffset Now => clock.GetUtcNow();

    public AngelSession Issue(string clientCode, string apiKey)
    {
        var expires = Now + Options.TokenLifetime;
        var session = new AngelSession(NewJwt(clientCode, Now, expires), clientCode, apiKey, expires);
        _sessions[session.Jwt] = session;
        return session;
    }

    /// <summary>A live session for the token, or null when unknown, ended or past its <c>exp</c>.</summary>
    public AngelSession? Find(string jwt) =>
        _sessions.TryGetValue(jwt, out var s) && !s.Ended && s.ExpiresAt > Now ? s : null;

    public int Expire(string? clientCode, bool all)
    {
        var count = 0;
        foreach (var session in _sessions.Values.Where(s => !s.Ended && (all || string.Equals(s.ClientCode, clientCode, StringComparison.OrdinalIgnoreCase))))
        {
            session.Ended = true;
            count++;
        }

        return count;
    }

    public static void End(AngelSession session) => session.Ended = true;

    public void AddFault(AngelFault fault)
    {
        lock (_lock)
        {
            _faults.Add(fault);
        }
    }

    public AngelFault? TakeFault(string path)
    {
        lock (_lock)
        {
            var fault = _faults.FirstOrDefault(f => f.Remaining > 0 && (f.PathPrefix is null
                || path.StartsWith(f.PathPrefix, StringComparison.OrdinalIgnoreCase)
                || path.StartsWith(AngelSandboxEndpoints.Prefix + f.PathPrefix, StringComparison.OrdinalIgnoreCase)));
            if (fault is not null)
            {
                fault.Remaining--;
            }

            return fault;
        }
    }

    /// <summary>
    /// Fixed one-second windows per API key and endpoint. Sandbox choice: counted on the wall clock, not the
    /// injected clock, because a test's frozen fake clock would otherwise keep every 1/s window closed for ever.
    /// </summary>
    public bool TryCount(string apiKey, string endpoint, int perSecond)
    {
        var second = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var count = _windows.AddOrUpdate((apiKey, endpoint, second), 1, (_, c) => c + 1);
        return count <= perSecond;
    }

    public void Reset(bool orders, bool sessions)
    {
        lock (_lock)
        {
            _faults.Clear();
        }

        _windows.Clear();
        market.Reset();
        if (orders)
        {
            _orders.Clear();
        }

        if (sessions)
        {
            Expire(null, all: true);
        }
    }

    public IReadOnlyList<AngelSandboxOrder> Orders(string clientCode)
    {
        var list = _orders.GetOrAdd(clientCode, _ => []);
        lock (list)
        {
            return [.. list];
        }
    }

    public AngelSandboxOrder Place(string clientCode, AngelScrip scrip, Dictionary<string, string> body)
    {
        var now = Now;
        var id = Interlocked.Increment(ref _nextOrder);
        var order = new AngelSandboxOrder
        {
            OrderId = now.ToString("yyMMdd", CultureInfo.InvariantCulture) + id.ToString("D9", CultureInfo.InvariantCulture),
            UniqueOrderId = Guid.NewGuid().ToString(),
            ClientCode = clientCode,
            Scrip = scrip,
            Variety = body["variety"],
            TransactionType = body["transactiontype"],
            OrderType = body["ordertype"],
            ProductType = body["producttype"],
            Duration = body.GetValueOrDefault("duration") ?? "DAY",
            Quantity = int.Parse(body["quantity"], CultureInfo.InvariantCulture),
            Price = Dec(body.GetValueOrDefault("price")),
            TriggerPrice = Dec(body.GetValueOrDefault("triggerprice")),
            OrderTag = body.GetValueOrDefault("ordertag"),
            PlacedAt = now,
            UpdatedAt = now,
        };

        // Market orders fill at once at the LTP; a marketable limit fills at the LTP; others rest open.
        var ltp = market.Ltp(scrip);
        var buy = order.TransactionType == "BUY";
        var marketable = order.OrderType == "MARKET"
            || (order.OrderType == "LIMIT" && (buy ? order.Price >= ltp : order.Price <= ltp));
        if (marketable)
        {
            order.Status = "complete";
            order.Filled = order.Quantity;
            order.AveragePrice = ltp;
        }
        else if (order.OrderType.StartsWith("STOPLOSS", StringComparison.Ordinal))
        {
            order.Status = "trigger pending";
        }

        var list = _orders.GetOrAdd(clientCode, _ => []);
        lock (list)
        {
            list.Add(order);
        }

        return order;
    }

    /// <summary>Null when the order is unknown; its status otherwise (cancelled when it was still open).</summary>
    public AngelSandboxOrder? Cancel(string clientCode, string orderId)
    {
        var list = _orders.GetOrAdd(clientCode, _ => []);
        lock (list)
        {
            var order = list.FirstOrDefault(o => o.OrderId == orderId);
            if (order is not null && order.Status is "open" or "trigger pending")
            {
                order.Status = "cancelled";
                order.Text = "Cancelled by user";
                order.UpdatedAt = Now;
            }

            return order;
        }
    }

    /// <summary>Cash net of today's fills (buys spend, sells return), for getRMS.</summary>
    public decimal Cash(AngelSandboxUser user) => user.OpeningBalance - Orders(user.ClientCode)
        .Where(o => o.Filled > 0)
        .Sum(o => (o.TransactionType == "BUY" ? 1 : -1) * o.Filled * o.AveragePrice);

    public decimal Ltp(AngelScrip scrip) => market.Ltp(scrip);

    private static decimal Dec(string? value) =>
        decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : 0m;

    /// <summary>An unsigned-looking JWT with <c>sub</c>, <c>iat</c> and <c>exp</c>, so clients can read the expiry as with the real one.</summary>
    private static string NewJwt(string clientCode, DateTimeOffset issued, DateTimeOffset expires)
    {
        static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = B64(Encoding.UTF8.GetBytes("{\"alg\":\"HS512\",\"typ\":\"JWT\"}"));
        var payload = B64(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["username"] = clientCode,
            ["iat"] = issued.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        }));
        return header + "." + payload + "." + B64(RandomNumberGenerator.GetBytes(32));
    }
}
