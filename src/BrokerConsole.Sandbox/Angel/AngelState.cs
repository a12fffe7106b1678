using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BrokerConsole.Sandbox.Kite;
using BrokerConsole.Sandbox.Shared;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Sandbox.Angel;

internal sealed record AngelSession(string Jwt, string ClientCode, string ApiKey, DateTimeOffset ExpiresAt, string RefreshToken, DateTimeOffset RefreshExpiresAt)
{
    public bool Ended { get; set; }

    /// <summary>Set from the control surface: generateTokens then answers AB8051 as for an expired refresh token.</summary>
    public bool RefreshRevoked { get; set; }
}

internal sealed class AngelSandboxOrder
{
    public required string OrderId { get; init; }
    public required string UniqueOrderId { get; init; }
    public required string ClientCode { get; init; }
    public required AngelScrip Scrip { get; init; }
    public required string Variety { get; init; }
    public required string TransactionType { get; init; }
    public required string OrderType { get; set; }
    public required string ProductType { get; set; }
    public required string Duration { get; set; }
    public required int Quantity { get; set; }
    public required decimal Price { get; set; }
    public required decimal TriggerPrice { get; set; }
    public string? OrderTag { get; init; }
    public required DateTimeOffset PlacedAt { get; init; }
    public string Status { get; set; } = "open";
    public int Filled { get; set; }
    public decimal AveragePrice { get; set; }
    public string Text { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>An injected failure for the next matching calls: HTTP status, dialect and code.</summary>
internal sealed record AngelFault(int Status, string Dialect, string? ErrorCode, string Message, string? PathPrefix, int? RetryAfterSeconds = null)
{
    public int Remaining { get; set; }
}

/// <summary>All mutable state of the Angel sandbox: sessions, order books, faults, rate-limit windows.</summary>
internal sealed class AngelState(IOptions<SandboxOptions> options, TimeProvider clock, AngelMarket market, SandboxRateClock rateClock)
{
    private readonly ConcurrentDictionary<string, AngelSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<AngelSandboxOrder>> _orders = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<AngelFault> _faults = [];
    private readonly ConcurrentDictionary<(string, string, long), int> _windows = new();
    private readonly Lock _lock = new();
    private long _nextOrder = 1_000;
    private TimeSpan _latency;
    private string? _latencyPrefix;

    public AngelSandboxOptions Options => options.Value.Angel;

    public DateTimeOffset Now => clock.GetUtcNow();

    public AngelSession Issue(string clientCode, string apiKey)
    {
        var expires = Now + Options.TokenLifetime;
        var session = new AngelSession(NewJwt(clientCode, Now, expires), clientCode, apiKey, expires,
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), Now + Options.RefreshTokenLifetime);
        _sessions[session.Jwt] = session;
        return session;
    }

    /// <summary>
    /// generateTokens (reference §3.2): the JWT in <c>Authorization</c> names the session (it may be past its <c>exp</c>,
    /// not logged out); the body's refresh token must be that session's and unexpired. The old JWT ends; a new pair is issued.
    /// </summary>
    public (AngelSession? Session, string? ErrorCode, string? Message) Renew(string jwt, string apiKey, string? refreshToken)
    {
        if (!_sessions.TryGetValue(jwt, out var old) || old.Ended || old.ApiKey != apiKey)
        {
            return (null, "AG8001", "Invalid Token");
        }

        if (!string.Equals(old.RefreshToken, refreshToken, StringComparison.Ordinal))
        {
            return (null, "AB8050", "Invalid Refresh Token");
        }

        if (old.RefreshExpiresAt <= Now || old.RefreshRevoked)
        {
            return (null, "AB8051", "Refresh Token Expired");
        }

        old.Ended = true;
        return (Issue(old.ClientCode, old.ApiKey), null, null);
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

    /// <summary>Makes the refresh tokens of a client's live sessions unusable (as if past their lifetime); JWTs keep working.</summary>
    public int RevokeRefresh(string clientCode)
    {
        var count = 0;
        foreach (var session in _sessions.Values.Where(s => !s.Ended && string.Equals(s.ClientCode, clientCode, StringComparison.OrdinalIgnoreCase)))
        {
            session.RefreshRevoked = true;
            count++;
        }

        return count;
    }

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
    /// Fixed one-second windows per API key and endpoint. Sandbox choice: counted on the <see cref="SandboxRateClock"/>,
    /// not the business clock, because a test's frozen business clock would otherwise keep every 1/s window closed for ever.
    /// </summary>
    public bool TryCount(string apiKey, string endpoint, int perSecond)
    {
        var second = rateClock.Second;
        var count = _windows.AddOrUpdate((apiKey, endpoint, second), 1, (_, c) => c + 1);
        return count <= perSecond;
    }

    public void SetLatency(TimeSpan latency, string? pathPrefix)
    {
        lock (_lock)
        {
            (_latency, _latencyPrefix) = (latency, pathPrefix);
        }
    }

    public TimeSpan LatencyFor(string path)
    {
        lock (_lock)
        {
            return _latencyPrefix is null || path.StartsWith(_latencyPrefix, StringComparison.OrdinalIgnoreCase)
                || path.StartsWith(AngelSandboxEndpoints.Prefix + _latencyPrefix, StringComparison.OrdinalIgnoreCase)
                ? _latency
                : TimeSpan.Zero;
        }
    }

    public void Reset(bool orders, bool sessions)
    {
        lock (_lock)
        {
            _faults.Clear();
            (_latency, _latencyPrefix) = (TimeSpan.Zero, null);
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

    /// <summary>The client's orders after letting the walking market fill whatever it crossed.</summary>
    public IReadOnlyList<AngelSandboxOrder> Orders(string clientCode)
    {
        var list = _orders.GetOrAdd(clientCode, _ => []);
        lock (list)
        {
            foreach (var order in list.Where(o => o.Status is "open" or "trigger pending"))
            {
                TryFill(order);
            }

            return [.. list];
        }
    }

    /// <summary>order/v1/details/{uniqueorderid}: one order of this client by its unique id, or null.</summary>
    public AngelSandboxOrder? Details(string clientCode, string uniqueOrderId) =>
        Orders(clientCode).FirstOrDefault(o => string.Equals(o.UniqueOrderId, uniqueOrderId, StringComparison.OrdinalIgnoreCase));

    /// <summary>modifyOrder: changes an open order under the book's lock; null when the order is unknown.</summary>
    public (AngelSandboxOrder? Order, string? ErrorCode, string? Message) Modify(string clientCode, string orderId, Dictionary<string, string> body)
    {
        var list = _orders.GetOrAdd(clientCode, _ => []);
        lock (list)
        {
            var order = list.FirstOrDefault(o => o.OrderId == orderId);
            if (order is null)
            {
                return (null, "AB1013", "Order not found");
            }

            TryFill(order);
            if (order.Status is not ("open" or "trigger pending"))
            {
                return (order, "AB2000", $"Order cannot be modified: it is {order.Status}");
            }

            var qty = body.TryGetValue("quantity", out var q) && int.TryParse(q, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : order.Quantity;
            var type = body.GetValueOrDefault("ordertype") is { Length: > 0 } t ? t : order.OrderType;
            if (qty <= 0 || type is not ("MARKET" or "LIMIT" or "STOPLOSS_LIMIT" or "STOPLOSS_MARKET"))
            {
                return (order, "AB2000", "Invalid quantity or ordertype");
            }

            order.Quantity = qty;
            order.OrderType = type;
            order.Price = body.TryGetValue("price", out var price) ? Dec(price) : order.Price;
            order.TriggerPrice = body.TryGetValue("triggerprice", out var trigger) ? Dec(trigger) : order.TriggerPrice;
            order.Duration = body.GetValueOrDefault("duration") is { Length: > 0 } d ? d : order.Duration;
            order.Status = type.StartsWith("STOPLOSS", StringComparison.Ordinal) ? "trigger pending" : "open";
            order.UpdatedAt = Now;
            TryFill(order);
            return (order, null, null);
        }
    }

    public AngelSandboxOrder Place(AngelSandboxUser user, AngelScrip scrip, Dictionary<string, string> body)
    {
        var clientCode = user.ClientCode;
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

        if (order.OrderType.StartsWith("STOPLOSS", StringComparison.Ordinal))
        {
            order.Status = "trigger pending";
        }

        // The RMS: like Angel, the place call succeeds and the order is rejected, the reason in `text` (reference §3).
        // Only buys are checked (the sandbox keeps no holdings ledger for sells); open buys block their value.
        if (order.TransactionType == "BUY")
        {
            var required = order.Quantity * (order.Price > 0 ? order.Price : market.Ltp(scrip));
            var available = Cash(user) - Blocked(clientCode);
            if (required > available)
            {
                order.Status = "rejected";
                order.Text = string.Create(CultureInfo.InvariantCulture,
                    $"Your order has been rejected due to insufficient funds. Required margin {required:F2}, available {available:F2}.");
                var rejected = _orders.GetOrAdd(clientCode, _ => []);
                lock (rejected)
                {
                    rejected.Add(order);
                }

                return order;
            }
        }

        // Market orders fill at once at the LTP; a marketable limit fills at the LTP; others rest until the walk crosses them.
        TryFill(order);
        var list = _orders.GetOrAdd(clientCode, _ => []);
        lock (list)
        {
            list.Add(order);
        }

        return order;
    }

    private void TryFill(AngelSandboxOrder order)
    {
        var ltp = market.Ltp(order.Scrip);
        var buy = order.TransactionType == "BUY";
        var triggered = !order.OrderType.StartsWith("STOPLOSS", StringComparison.Ordinal) || (buy ? ltp >= order.TriggerPrice : ltp <= order.TriggerPrice);
        var fills = triggered && (order.OrderType is "MARKET" or "STOPLOSS_MARKET" || (buy ? order.Price >= ltp : order.Price <= ltp));
        if (triggered && order.Status == "trigger pending")
        {
            order.Status = "open";
        }

        if (fills)
        {
            order.Status = "complete";
            order.Filled = order.Quantity;
            order.AveragePrice = ltp;
            order.UpdatedAt = Now;
        }
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

    /// <summary>The value open and trigger-pending buys hold back from the cash.</summary>
    private decimal Blocked(string clientCode) => Orders(clientCode)
        .Where(o => o.TransactionType == "BUY" && o.Status is "open" or "trigger pending")
        .Sum(o => (o.Quantity - o.Filled) * (o.Price > 0 ? o.Price : o.TriggerPrice));

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
