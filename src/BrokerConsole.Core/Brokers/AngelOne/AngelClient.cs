using System.Collections.Concurrent;
using System.Globalization;
using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Brokers.AngelOne;

/// <summary>
/// <see cref="IBrokerClient"/> for Angel One SmartAPI, bound to one session: profile, funds, order book, order details,
/// trade book, place/modify/cancel, positions, holdings and last prices. OHLC and full quotes throw
/// <see cref="NotSupportedException"/> until the app needs them.
/// </summary>
public sealed class AngelClient : IBrokerClient
{
    private const string User = "/rest/secure/angelbroking/user/v1";
    private const string Order = "/rest/secure/angelbroking/order/v1";
    private const string Portfolio = "/rest/secure/angelbroking/portfolio/v1";

    /// <summary>Tokens per market/v1/quote call (reference §3.6: about 50).</summary>
    internal const int MaxQuoteTokens = 50;

    private readonly AngelTransport _transport;
    private readonly AngelSymbolCache _symbols;
    private readonly BrokerConnection _connection;
    private readonly Uri _apiRoot;

    internal AngelClient(AngelTransport transport, AngelSymbolCache symbols, BrokerConnection connection)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(connection.ApiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(connection.AccessToken);
        if (connection.Broker != BrokerKind.AngelOne)
        {
            throw new ArgumentException("An Angel One client needs an Angel One connection.", nameof(connection));
        }

        _transport = transport;
        _symbols = symbols;
        _connection = connection;
        _apiRoot = connection.ApiRoot ?? transport.Options.ApiRootFor(connection.Environment);
    }

    public BrokerKind Broker => BrokerKind.AngelOne;

    public async Task<BrokerProfile> GetProfileAsync(CancellationToken cancellationToken) =>
        AngelMapping.ToDomain(await SendAsync<AngelProfile>(HttpMethod.Get, User + "/getProfile", AngelEndpointClass.Profile, null, cancellationToken)
            ?? throw Malformed());

    public async Task<Funds> GetFundsAsync(CancellationToken cancellationToken) =>
        // SmartAPI's RMS is one combined limit; it is reported as the equity segment.
        new(await GetFundsAsync(FundsSegment.Equity, cancellationToken), null);

    public async Task<SegmentFunds> GetFundsAsync(FundsSegment segment, CancellationToken cancellationToken)
    {
        if (segment != FundsSegment.Equity)
        {
            throw new NotSupportedException("Angel One reports one combined RMS limit; ask for the equity segment.");
        }

        return AngelMapping.ToDomain(await SendAsync<AngelRms>(HttpMethod.Get, User + "/getRMS", AngelEndpointClass.Funds, null, cancellationToken)
            ?? throw Malformed());
    }

    public async Task<IReadOnlyList<BrokerOrder>> GetOrdersAsync(CancellationToken cancellationToken) =>
        AngelMapping.ReadBook(await SendAsync<List<System.Text.Json.JsonElement>>(HttpMethod.Get, Order + "/getOrderBook", AngelEndpointClass.Book, null, cancellationToken) ?? []);

    /// <summary>
    /// SmartAPI keeps no state log per order; <c>order/v1/details/{uniqueorderid}</c> gives its current record, the one entry
    /// known here. The app knows orders by <c>orderid</c>, so the book first maps it to the <c>uniqueorderid</c> (reference §3.11.7).
    /// </summary>
    public async Task<IReadOnlyList<BrokerOrder>> GetOrderHistoryAsync(string orderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var known = await FindWireOrderAsync(orderId, cancellationToken);
        var details = await SendAsync<AngelOrder>(HttpMethod.Get, Order + "/details/" + Uri.EscapeDataString(known.UniqueOrderId!), AngelEndpointClass.Market, null, cancellationToken);
        return [AngelMapping.ToDomain(details ?? known)];
    }

    public async Task<IReadOnlyList<BrokerTrade>> GetTradesAsync(CancellationToken cancellationToken) =>
        (await SendAsync<List<AngelTrade>>(HttpMethod.Get, Order + "/getTradeBook", AngelEndpointClass.Book, null, cancellationToken) ?? [])
            .Select(AngelMapping.ToDomain).ToList();

    public async Task<IReadOnlyList<BrokerTrade>> GetOrderTradesAsync(string orderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        return (await GetTradesAsync(cancellationToken)).Where(t => t.OrderId == orderId).ToList();
    }

    public async Task<Positions> GetPositionsAsync(CancellationToken cancellationToken)
    {
        var lines = (await SendAsync<List<AngelPosition>>(HttpMethod.Get, Order + "/getPosition", AngelEndpointClass.Book, null, cancellationToken) ?? [])
            .Select(AngelMapping.ToDomain).ToList();
        // SmartAPI has one position list (net, including carried-forward quantities); the day view is the same lines.
        return new Positions(lines, lines);
    }

    public async Task<IReadOnlyList<Holding>> GetHoldingsAsync(CancellationToken cancellationToken) =>
        (await SendAsync<List<AngelHolding>>(HttpMethod.Get, Portfolio + "/getHolding", AngelEndpointClass.Book, null, cancellationToken) ?? [])
            .Select(AngelMapping.ToDomain).ToList();

    public async Task<IReadOnlyDictionary<InstrumentKey, LastPrice>> GetLastPricesAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        var tokens = new Dictionary<(string Exchange, string Token), InstrumentKey>();
        foreach (var instrument in instruments.Distinct())
        {
            if (await ResolveAsync(instrument, cancellationToken) is { } scrip)
            {
                tokens[(instrument.Exchange.ToUpperInvariant(), scrip.SymbolToken!)] = instrument;
            }
        }

        var result = new Dictionary<InstrumentKey, LastPrice>();
        foreach (var chunk in tokens.Keys.Chunk(MaxQuoteTokens))
        {
            var body = new Dictionary<string, object>
            {
                ["mode"] = "LTP",
                ["exchangeTokens"] = chunk.GroupBy(k => k.Exchange).ToDictionary(g => g.Key, g => g.Select(k => k.Token).ToArray()),
            };
            var data = await SendAsync<AngelQuoteData>(HttpMethod.Post, "/rest/secure/angelbroking/market/v1/quote", AngelEndpointClass.Market, body, cancellationToken);
            foreach (var item in data?.Fetched ?? [])
            {
                if (item.Exchange is not null && item.SymbolToken is not null
                    && tokens.TryGetValue((item.Exchange.ToUpperInvariant(), item.SymbolToken), out var key))
                {
                    result[key] = new LastPrice(key, AngelMapping.Long(item.SymbolToken), AngelMapping.Dec(item.Ltp));
                }
            }
        }

        return result;
    }

    public Task<IReadOnlyDictionary<InstrumentKey, OhlcQuote>> GetOhlcAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken) =>
        throw new NotSupportedException("OHLC quotes are not available for Angel One yet.");

    public Task<IReadOnlyDictionary<InstrumentKey, Quote>> GetQuotesAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Full quotes are not available for Angel One yet.");

    public async Task<PlacedOrder> PlaceOrderAsync(OrderRequest order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentException.ThrowIfNullOrWhiteSpace(order.TradingSymbol);
        if (order.Quantity <= 0)
        {
            throw new ArgumentException("Quantity must be positive.", nameof(order));
        }

        if (order.OrderType is OrderType.Limit or OrderType.StopLoss && order.Price is null)
        {
            throw new ArgumentException("A limit order needs a price.", nameof(order));
        }

        if (order.OrderType is OrderType.StopLoss or OrderType.StopLossMarket && order.TriggerPrice is null)
        {
            throw new ArgumentException("A stop-loss order needs a trigger price.", nameof(order));
        }

        if (order.Tag is { Length: >= 20 })
        {
            throw new ArgumentException("Angel One order tags must be shorter than 20 characters.", nameof(order));
        }

        var instrument = new InstrumentKey(order.Exchange, order.TradingSymbol);
        var scrip = await ResolveAsync(instrument, cancellationToken)
            ?? throw new BrokerRejectedException(BrokerKind.AngelOne, null, "AB1009", $"Symbol not found: {instrument}");
        var body = new Dictionary<string, string>
        {
            ["variety"] = AngelMapping.ToWireVariety(order.Variety, order.OrderType),
            ["tradingsymbol"] = scrip.TradingSymbol!,
            ["symboltoken"] = scrip.SymbolToken!,
            ["transactiontype"] = order.Side == TransactionType.Sell ? "SELL" : "BUY",
            ["exchange"] = order.Exchange.ToUpperInvariant(),
            ["ordertype"] = AngelMapping.ToWire(order.OrderType),
            ["producttype"] = AngelMapping.ToWire(order.Product),
            ["duration"] = order.Validity == OrderValidity.Ioc ? "IOC" : "DAY",
            ["price"] = Num(order.Price ?? 0m),
            ["triggerprice"] = Num(order.TriggerPrice ?? 0m),
            ["squareoff"] = "0",
            ["stoploss"] = "0",
            ["quantity"] = order.Quantity.ToString(CultureInfo.InvariantCulture),
            ["disclosedquantity"] = (order.DisclosedQuantity ?? 0).ToString(CultureInfo.InvariantCulture),
        };
        if (!string.IsNullOrEmpty(order.Tag))
        {
            body["ordertag"] = order.Tag;
        }

        var placed = await SendAsync<AngelOrderResult>(HttpMethod.Post, Order + "/placeOrder", AngelEndpointClass.Order, body, cancellationToken);
        return new PlacedOrder(placed?.OrderId ?? throw Malformed());
    }

    /// <summary>
    /// modifyOrder wants the whole order (variety, type, product, duration, price, quantity and the instrument), so the
    /// fields the modification leaves out come from the order's current record in the book.
    /// </summary>
    public async Task<PlacedOrder> ModifyOrderAsync(OrderModification modification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(modification);
        ArgumentException.ThrowIfNullOrWhiteSpace(modification.OrderId, nameof(modification));
        if (modification.Quantity is <= 0)
        {
            throw new ArgumentException("Quantity must be positive.", nameof(modification));
        }

        var current = await FindWireOrderAsync(modification.OrderId, cancellationToken);
        var type = modification.OrderType is { } t ? AngelMapping.ToWire(t) : current.OrderType ?? "LIMIT";
        var body = new Dictionary<string, string>
        {
            ["variety"] = current.Variety ?? (modification.Variety == OrderVariety.Amo ? "AMO" : "NORMAL"),
            ["orderid"] = current.OrderId!,
            ["ordertype"] = type,
            ["producttype"] = current.ProductType ?? "DELIVERY",
            ["duration"] = modification.Validity switch { OrderValidity.Ioc => "IOC", OrderValidity.Day => "DAY", _ => current.Duration ?? "DAY" },
            ["price"] = modification.Price is { } price ? Num(price) : current.Price ?? "0",
            ["quantity"] = (modification.Quantity ?? AngelMapping.Int(current.Quantity)).ToString(CultureInfo.InvariantCulture),
            ["tradingsymbol"] = current.TradingSymbol ?? "",
            ["symboltoken"] = current.SymbolToken ?? "",
            ["exchange"] = current.Exchange ?? "",
        };
        if (modification.TriggerPrice is { } trigger)
        {
            body["triggerprice"] = Num(trigger);
        }

        var modified = await SendAsync<AngelOrderResult>(HttpMethod.Post, Order + "/modifyOrder", AngelEndpointClass.Order, body, cancellationToken);
        return new PlacedOrder(modified?.OrderId ?? modification.OrderId);
    }

    public async Task<PlacedOrder> CancelOrderAsync(string orderId, OrderVariety variety, string? parentOrderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var body = new Dictionary<string, string>
        {
            ["variety"] = variety == OrderVariety.Amo ? "AMO" : "NORMAL",
            ["orderid"] = orderId,
        };
        var cancelled = await SendAsync<AngelOrderResult>(HttpMethod.Post, Order + "/cancelOrder", AngelEndpointClass.Order, body, cancellationToken);
        return new PlacedOrder(cancelled?.OrderId ?? orderId);
    }

    public async Task LogoutAsync(CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, string> { ["clientcode"] = _connection.ClientId ?? "" };
        await SendAsync<object>(HttpMethod.Post, User + "/logout", AngelEndpointClass.Login, body, cancellationToken);
    }

    /// <summary>The raw book record of an order by its <c>orderid</c> (or <c>uniqueorderid</c>); AB1013 when the book has none.</summary>
    private async Task<AngelOrder> FindWireOrderAsync(string orderId, CancellationToken cancellationToken)
    {
        var book = AngelMapping.ReadableWireOrders(await SendAsync<List<System.Text.Json.JsonElement>>(HttpMethod.Get, Order + "/getOrderBook", AngelEndpointClass.Book, null, cancellationToken) ?? []);
        return book.FirstOrDefault(o => o.OrderId == orderId && !string.IsNullOrEmpty(o.UniqueOrderId))
            ?? book.FirstOrDefault(o => string.Equals(o.UniqueOrderId, orderId, StringComparison.OrdinalIgnoreCase))
            ?? throw new BrokerRejectedException(BrokerKind.AngelOne, 200, "AB1013", $"Order not found: {orderId}");
    }

    /// <summary>Finds the symbol token SmartAPI needs; INFY on NSE resolves to INFY-EQ. Cached per API root.</summary>
    private async Task<AngelScrip?> ResolveAsync(InstrumentKey instrument, CancellationToken cancellationToken)
    {
        var exchange = instrument.Exchange.ToUpperInvariant();
        var symbol = instrument.TradingSymbol.ToUpperInvariant();
        var cacheKey = (_apiRoot.AbsoluteUri, exchange, symbol);
        if (_symbols.TryGet(cacheKey, out var cached))
        {
            return cached;
        }

        var body = new Dictionary<string, string> { ["exchange"] = exchange, ["searchscrip"] = symbol.EndsWith("-EQ", StringComparison.Ordinal) ? symbol[..^3] : symbol };
        var matches = await SendAsync<List<AngelScrip>>(HttpMethod.Post, Order + "/searchScrip", AngelEndpointClass.Book, body, cancellationToken) ?? [];
        var match = matches.FirstOrDefault(m => string.Equals(m.TradingSymbol, symbol, StringComparison.OrdinalIgnoreCase))
            ?? matches.FirstOrDefault(m => string.Equals(m.TradingSymbol, symbol + "-EQ", StringComparison.OrdinalIgnoreCase));
        if (match is { SymbolToken.Length: > 0, TradingSymbol.Length: > 0 })
        {
            _symbols.Set(cacheKey, match);
            return match;
        }

        return null;
    }

    private Task<T?> SendAsync<T>(HttpMethod method, string path, AngelEndpointClass endpointClass, object? body, CancellationToken cancellationToken) =>
        _transport.SendAsync<T>(new AngelCall
        {
            Method = method,
            Path = path,
            EndpointClass = endpointClass,
            ApiRoot = _apiRoot,
            ApiKey = _connection.ApiKey,
            AccessToken = _connection.AccessToken,
            Body = body,
        }, cancellationToken);

    private static string Num(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static BrokerUnavailableException Malformed() =>
        new(BrokerKind.AngelOne, UnavailableCause.MalformedResponse, 200, null, "The response had no data.");
}

/// <summary>Symbol tokens looked up through searchScrip; they do not change within a day. Singleton.</summary>
internal sealed class AngelSymbolCache
{
    private readonly ConcurrentDictionary<(string Root, string Exchange, string Symbol), AngelScrip> _entries = new();

    public bool TryGet((string Root, string Exchange, string Symbol) key, out AngelScrip? scrip)
    {
        var found = _entries.TryGetValue(key, out var value);
        scrip = value;
        return found;
    }

    public void Set((string Root, string Exchange, string Symbol) key, AngelScrip scrip) => _entries[key] = scrip;
}
