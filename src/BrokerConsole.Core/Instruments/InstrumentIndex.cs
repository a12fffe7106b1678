using System.Collections.Frozen;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;

namespace BrokerConsole.Core.Instruments;

/// <summary>How one broker names a console instrument.</summary>
public sealed record BrokerSymbol(string TradingSymbol, string OrderExchange, string OrderSymbol, string Token);

/// <summary>A console instrument with every broker's name for it.</summary>
public sealed record CatalogInstrument(
    int Id,
    string Exchange,
    string Symbol,
    string Name,
    string Underlying,
    string? Isin,
    InstrumentKind Kind,
    DateOnly? Expiry,
    decimal Strike,
    int LotSize,
    decimal TickSize,
    string ExchangeToken,
    IReadOnlyDictionary<BrokerKind, BrokerSymbol> Brokers)
{
    /// <summary>The console's <c>EXCHANGE:SYMBOL</c> for it.</summary>
    public InstrumentKey Key => new(Exchange, Symbol);

    /// <summary>Weekly or monthly, for options; set by <see cref="InstrumentIndex"/> from the whole catalog.</summary>
    public ExpiryCycle Cycle { get; init; }
}

/// <summary>
/// The stored catalog in memory, for lookups on every portfolio line and order without a query: built once per
/// refresh. An empty index (masters never loaded) resolves nothing, and callers then keep the broker's own names.
/// </summary>
public sealed class InstrumentIndex
{
    private readonly FrozenDictionary<InstrumentKey, CatalogInstrument> _byKey;
    private readonly FrozenDictionary<(BrokerKind, string), CatalogInstrument[]> _byBrokerSymbol;
    private readonly FrozenDictionary<(BrokerKind, string), CatalogInstrument[]> _byBrokerToken;
    private readonly FrozenDictionary<string, CatalogInstrument[]> _byIsin;
    private readonly CatalogInstrument[] _bySymbol;

    public static InstrumentIndex Empty { get; } = new([]);

    public InstrumentIndex(IReadOnlyList<CatalogInstrument> instruments)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        instruments = ExpiryCycles.Label(instruments);
        _byKey = instruments.GroupBy(i => Upper(i.Key)).ToFrozenDictionary(g => g.Key, g => g.First());
        _byBrokerSymbol = instruments.SelectMany(i => i.Brokers.Select(b => (Key: (b.Key, b.Value.TradingSymbol.ToUpperInvariant()), Instrument: i)))
            .GroupBy(p => p.Key).ToFrozenDictionary(g => g.Key, g => g.Select(p => p.Instrument).ToArray());
        _byBrokerToken = instruments.SelectMany(i => i.Brokers.Select(b => (Key: (b.Key, b.Value.Token), Instrument: i)))
            .GroupBy(p => p.Key).ToFrozenDictionary(g => g.Key, g => g.Select(p => p.Instrument).ToArray());
        _byIsin = instruments.Where(i => i.Isin is not null).GroupBy(i => i.Isin!).ToFrozenDictionary(g => g.Key, g => g.ToArray());
        _bySymbol = [.. instruments.OrderBy(i => i.Symbol, StringComparer.Ordinal).ThenBy(i => ExchangeRank(i.Exchange))];
        Count = instruments.Count;
    }

    public int Count { get; }

    /// <summary>Every instrument, by symbol.</summary>
    public IReadOnlyList<CatalogInstrument> All => _bySymbol;

    /// <summary>The instrument the console calls <paramref name="key"/> (e.g. NSE:SBIN), or null.</summary>
    public CatalogInstrument? Find(InstrumentKey key) => _byKey.GetValueOrDefault(Upper(key));

    /// <summary>
    /// The console instrument behind a broker's book line: by the broker's symbol on that exchange, else by its token,
    /// else by ISIN (Dhan reports holdings on exchange "ALL": NSE's listing is preferred, then BSE's).
    /// </summary>
    public CatalogInstrument? Resolve(BrokerKind broker, string exchange, string symbol, long token = 0, string? isin = null)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(symbol);
        var exchangeUpper = exchange.ToUpperInvariant();
        if (_byBrokerSymbol.TryGetValue((broker, symbol.ToUpperInvariant()), out var bySymbol) && Pick(bySymbol, exchangeUpper) is { } found)
        {
            return found;
        }

        if (token > 0 && _byBrokerToken.TryGetValue((broker, token.ToString(System.Globalization.CultureInfo.InvariantCulture)), out var byToken)
            && Pick(byToken, exchangeUpper) is { } tokenMatch)
        {
            return tokenMatch;
        }

        return isin is not null && _byIsin.TryGetValue(isin, out var byIsin) ? Pick(byIsin, exchangeUpper) : null;
    }

    /// <summary>
    /// What the order ticket's symbol means: the console's name, or one broker's own name for an instrument (SBIN-EQ,
    /// a Dhan security id) on that exchange.
    /// </summary>
    public CatalogInstrument? FindForOrder(BrokerKind broker, string exchange, string symbol) =>
        Find(new InstrumentKey(exchange, symbol)) ?? Resolve(broker, exchange, symbol);

    /// <summary>Whether <paramref name="symbol"/> names an instrument <paramref name="broker"/> can trade on some exchange.</summary>
    public bool KnowsSymbol(BrokerKind broker, string symbol) =>
        Resolve(broker, "ALL", symbol) is not null
        || _orderTicketExchanges.Any(e => Find(new InstrumentKey(e, symbol)) is { } i && i.Brokers.ContainsKey(broker));

    private static readonly string[] _orderTicketExchanges = ["NSE", "BSE", "NFO", "BFO", "CDS", "MCX"];

    /// <summary>Instruments whose symbol starts with, or whose name contains, <paramref name="text"/>; exact symbols first, cash before derivatives.</summary>
    public IReadOnlyList<CatalogInstrument> Search(string? text, IReadOnlyCollection<string>? exchanges = null, int take = 20)
    {
        var query = (text ?? "").Trim().ToUpperInvariant();
        if (query.Length == 0)
        {
            return [];
        }

        bool Allowed(CatalogInstrument i) => exchanges is null || exchanges.Count == 0 || exchanges.Contains(i.Exchange);
        // Symbols are sorted ordinally: every one that starts with the text comes at or after the first one >= it.
        int low = 0, high = _bySymbol.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (string.CompareOrdinal(_bySymbol[mid].Symbol, query) < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        var start = low;
        var bySymbol = new List<CatalogInstrument>();
        for (var i = start; i < _bySymbol.Length && _bySymbol[i].Symbol.StartsWith(query, StringComparison.Ordinal); i++)
        {
            if (Allowed(_bySymbol[i]))
            {
                bySymbol.Add(_bySymbol[i]);
            }
        }

        var ranked = bySymbol
            .OrderBy(i => i.Symbol == query ? 0 : 1)
            .ThenBy(i => i.Kind == InstrumentKind.Equity ? 0 : 1)
            .ThenBy(i => i.Expiry ?? DateOnly.MinValue)
            .ThenBy(i => i.Symbol.Length)
            .ThenBy(i => i.Symbol, StringComparer.Ordinal)
            .ThenBy(i => ExchangeRank(i.Exchange))
            .Take(take)
            .ToList();
        if (ranked.Count < take && query.Length >= 3)
        {
            ranked.AddRange(_bySymbol.Where(i => Allowed(i) && !i.Symbol.StartsWith(query, StringComparison.Ordinal)
                    && i.Name.Contains(query, StringComparison.OrdinalIgnoreCase))
                .Take(take - ranked.Count));
        }

        return ranked;
    }

    // NSE's listing first: it is where most cash volume trades, so it is the likelier pick.
    private static int ExchangeRank(string exchange) => exchange switch
    {
        "NSE" => 0,
        "BSE" => 1,
        "NFO" => 2,
        "MCX" => 3,
        _ => 4,
    };

    private static CatalogInstrument? Pick(CatalogInstrument[] candidates, string exchange)
    {
        // A broker's book may name the cash exchange for a derivative (Dhan: NSE_FNO reads as NSE), or "ALL".
        var family = exchange switch
        {
            "NSE" => "NFO",
            "BSE" => "BFO",
            _ => exchange,
        };
        return candidates.FirstOrDefault(c => c.Exchange == exchange)
            ?? candidates.FirstOrDefault(c => c.Exchange == family)
            ?? (exchange is "ALL" or "" ? candidates.FirstOrDefault(c => c.Exchange == "NSE") ?? candidates.FirstOrDefault(c => c.Exchange == "BSE") : null);
    }

    private static InstrumentKey Upper(InstrumentKey key) => new(key.Exchange.ToUpperInvariant(), key.TradingSymbol.ToUpperInvariant());
}
