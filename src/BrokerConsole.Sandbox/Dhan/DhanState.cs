using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using BrokerConsole.Sandbox.Kite;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Sandbox.Dhan;

/// <summary>A live Dhan token: whose it is and until when (24 hours from its issue).</summary>
internal sealed record DhanToken(DhanSandboxUser User, DateTimeOffset ValidUntil);

/// <summary>A consent created by generate-consent: bound to one API key and one client id, used at most once.</summary>
internal sealed record DhanConsent(string ConsentAppId, string ApiKey, string ClientId, DateTimeOffset ExpiresAt);

/// <summary>
/// The Dhan sandbox's memory: tokens (configured ones live from the sandbox's start, issued ones from their login),
/// consents and their tokenIds, orders and fills per client. Token lifetimes use the injected clock.
/// </summary>
internal sealed class DhanState(IOptions<SandboxOptions> options, TimeProvider clock)
{
    /// <summary>Security id → (trading symbol, ISIN, LTP), NSE_EQ only (sandbox choice: steady prices).</summary>
    public static readonly IReadOnlyDictionary<string, (string Symbol, string Isin, decimal Ltp)> Scrips = new Dictionary<string, (string, string, decimal)>(StringComparer.Ordinal)
    {
        ["1333"] = ("HDFCBANK", "INE040A01034", 1712.35m),
        ["3045"] = ("SBIN", "INE062A01020", 812.40m),
        ["1594"] = ("INFY", "INE009A01021", 1502.50m),
        ["11536"] = ("TCS", "INE467B01029", 4020.00m),
    };

    private static readonly TimeSpan _ist = TimeSpan.FromHours(5.5);

    private readonly DateTimeOffset _started = clock.GetUtcNow();
    private readonly ConcurrentDictionary<string, bool> _expired = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DhanToken> _issued = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DhanConsent> _consents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DhanConsent> _tokenIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string ApiKey, DateOnly Day), int> _consentCounts = new();
    private readonly ConcurrentDictionary<string, List<DhanSandboxOrder>> _orders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<DhanSandboxTrade>> _trades = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _allowedIps = new(StringComparer.Ordinal);
    private long _next = 1;

    public DhanSandboxOptions Options => options.Value.Dhan;

    /// <summary>Failures queued through <c>__control/faults</c>, served before authentication.</summary>
    public Shared.InjectedFaults Faults { get; } = new();

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The lifetime of the configured (web-generated) tokens, counted from the sandbox's start.</summary>
    public DateTimeOffset ConfiguredValidUntil => _started + Options.TokenLifetime;

    public static string IstIso(DateTimeOffset at) => at.ToOffset(_ist).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    public static string IstProfile(DateTimeOffset at) => at.ToOffset(_ist).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The live token, or null when unknown, expired, ended, or not the given client's.</summary>
    public DhanToken? Find(string? token, string? clientId)
    {
        if (string.IsNullOrEmpty(token) || string.IsNullOrEmpty(clientId) || _expired.ContainsKey(token))
        {
            return null;
        }

        DhanToken? found = _issued.TryGetValue(token, out var issued)
            ? issued
            : Options.Users.FirstOrDefault(u => u.AccessToken.Length > 0 && u.AccessToken == token) is { } user ? new DhanToken(user, ConfiguredValidUntil) : null;
        return found is not null && Now < found.ValidUntil && found.User.ClientId == clientId ? found : null;
    }

    /// <summary>Control: ends every token of a client (or of all clients).</summary>
    public int Expire(string? clientId)
    {
        var tokens = Options.Users.Where(u => clientId is null || u.ClientId == clientId).Select(u => u.AccessToken).Where(t => t.Length > 0)
            .Concat(_issued.Where(t => clientId is null || t.Value.User.ClientId == clientId).Select(t => t.Key));
        return tokens.Count(t => _expired.TryAdd(t, true));
    }

    /// <summary>The client's static IPs for order APIs: a control override, else the configured list; empty means any IP.</summary>
    public IReadOnlyList<string> AllowedOrderIps(DhanSandboxUser user) =>
        _allowedIps.TryGetValue(user.ClientId, out var ips) ? ips : [.. user.AllowedOrderIps];

    /// <summary>Control: registers (or with an empty list, clears) a client's static IPs, as <c>POST /v2/ip/setIP</c> would.</summary>
    public void SetAllowedOrderIps(string clientId, IReadOnlyList<string> ips) => _allowedIps[clientId] = ips;

    /// <summary>A fresh 24-hour token, as flows B and C issue one.</summary>
    public (string AccessToken, DhanToken Grant) Issue(DhanSandboxUser user)
    {
        var grant = new DhanToken(user, Now + Options.TokenLifetime);
        var token = Random("dhan-sbx-");
        _issued[token] = grant;
        return (token, grant);
    }

    /// <summary>A new consent, or null when the key's daily cap (IST day) is used up.</summary>
    public DhanConsent? CreateConsent(string apiKey, string clientId)
    {
        var day = DateOnly.FromDateTime(Now.ToOffset(_ist).DateTime);
        if (_consentCounts.AddOrUpdate((apiKey, day), 1, (_, n) => n + 1) > Options.ConsentsPerDay)
        {
            return null;
        }

        var consent = new DhanConsent(Guid.NewGuid().ToString(), apiKey, clientId, Now + Options.ConsentLifetime);
        _consents[consent.ConsentAppId] = consent;
        return consent;
    }

    public DhanConsent? FindConsent(string? consentAppId) =>
        consentAppId is not null && _consents.TryGetValue(consentAppId, out var c) && Now < c.ExpiresAt ? c : null;

    /// <summary>The browser login finished: the consent is spent and a single-use tokenId stands for it.</summary>
    public string? CompleteConsent(string consentAppId)
    {
        if (!_consents.TryRemove(consentAppId, out var consent) || Now >= consent.ExpiresAt)
        {
            return null;
        }

        var tokenId = Random("");
        _tokenIds[tokenId] = consent with { ExpiresAt = Now + Options.ConsentLifetime };
        return tokenId;
    }

    public DhanConsent? TakeTokenId(string? tokenId) =>
        tokenId is not null && _tokenIds.TryRemove(tokenId, out var c) && Now < c.ExpiresAt ? c : null;

    public List<DhanSandboxOrder> Orders(string clientId)
    {
        var list = _orders.GetOrAdd(clientId, _ => []);
        lock (list)
        {
            return [.. list];
        }
    }

    public List<DhanSandboxTrade> Trades(string clientId)
    {
        var list = _trades.GetOrAdd(clientId, _ => []);
        lock (list)
        {
            return [.. list];
        }
    }

    public DhanSandboxOrder Add(string clientId, DhanSandboxOrder order)
    {
        var list = _orders.GetOrAdd(clientId, _ => []);
        lock (list)
        {
            list.Add(order);
            FillIfMarketable(clientId, order);
        }

        return order;
    }

    /// <summary>Applies a modification under the client's lock; returns the refusal text, or null when applied.</summary>
    public string? Modify(string clientId, DhanSandboxOrder order, Action<DhanSandboxOrder> change)
    {
        var list = _orders.GetOrAdd(clientId, _ => []);
        lock (list)
        {
            if (order.Status is not ("PENDING" or "TRANSIT" or "PART_TRADED" or "TRIGGERED"))
            {
                return $"Order is {order.Status} and can no longer be modified.";
            }

            if (order.Modifications >= Options.RateLimits.ModificationsPerOrder)
            {
                return $"An order can be modified at most {Options.RateLimits.ModificationsPerOrder} times.";
            }

            change(order);
            order.Modifications++;
            order.UpdatedAt = Now;
            FillIfMarketable(clientId, order);
            return null;
        }
    }

    public bool Cancel(string clientId, DhanSandboxOrder order)
    {
        var list = _orders.GetOrAdd(clientId, _ => []);
        lock (list)
        {
            if (order.Status != "PENDING")
            {
                return false;
            }

            order.Status = "CANCELLED";
            order.UpdatedAt = Now;
            return true;
        }
    }

    public string NextId() => "5226" + Interlocked.Increment(ref _next).ToString("D8", CultureInfo.InvariantCulture);

    private void FillIfMarketable(string clientId, DhanSandboxOrder order)
    {
        var ltp = Scrips[order.SecurityId].Ltp;
        var marketable = order.OrderType == "MARKET" || (order.OrderType == "LIMIT" && (order.Side == "BUY" ? order.Price >= ltp : order.Price <= ltp));
        if (!marketable || order.Filled >= order.Quantity)
        {
            return;
        }

        var quantity = order.Quantity - order.Filled;
        order.Status = "TRADED";
        order.AveragePrice = ltp;
        order.Filled = order.Quantity;
        order.UpdatedAt = Now;
        var trades = _trades.GetOrAdd(clientId, _ => []);
        lock (trades)
        {
            trades.Add(new DhanSandboxTrade(order.OrderId, "9" + order.OrderId[^8..] + trades.Count.ToString("D2", CultureInfo.InvariantCulture), quantity, ltp, Now));
        }
    }

    private static string Random(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
}
