using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Brokers.Zerodha;

/// <summary>
/// <see cref="IBrokerClient"/> for Zerodha Kite Connect v3, bound to one session. Create through
/// <see cref="IBrokerClientFactory"/>; cheap, holds no connection of its own.
/// </summary>
public sealed class KiteClient : IBrokerClient
{
    /// <summary>Kite's per-request instrument limits (kite-connect.md §9.2).</summary>
    internal const int MaxLtpInstruments = 1000;
    internal const int MaxOhlcInstruments = 1000;
    internal const int MaxQuoteInstruments = 500;

    private readonly KiteTransport _transport;
    private readonly BrokerConnection _connection;
    private readonly Uri _apiRoot;

    internal KiteClient(KiteTransport transport, BrokerConnection connection)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(connection.ApiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(connection.AccessToken);
        if (connection.Broker != BrokerKind.Zerodha)
        {
            throw new ArgumentException("A Kite client needs a Zerodha connection.", nameof(connection));
        }

        _transport = transport;
        _connection = connection;
        _apiRoot = connection.ApiRoot ?? transport.Options.ApiRootFor(connection.Environment);
    }

    public BrokerKind Broker => BrokerKind.Zerodha;

    public async Task<BrokerProfile> GetProfileAsync(CancellationToken cancellationToken) =>
        KiteMapping.ToDomain(await GetAsync<KiteProfile>("/user/profile", [], KiteEndpointClass.Other, cancellationToken));

    public async Task<Funds> GetFundsAsync(CancellationToken cancellationToken)
    {
        var all = await GetAsync<KiteAllMargins>("/user/margins", [], KiteEndpointClass.Other, cancellationToken);
        return new Funds(
            all.Equity is null ? null : KiteMapping.ToDomain(FundsSegment.Equity, all.Equity),
            all.Commodity is null ? null : KiteMapping.ToDomain(FundsSegment.Commodity, all.Commodity));
    }

    public async Task<SegmentFunds> GetFundsAsync(FundsSegment segment, CancellationToken cancellationToken)
    {
        var path = "/user/margins/" + KiteMapping.ToWire(segment);
        return KiteMapping.ToDomain(segment, await GetAsync<KiteSegmentMargins>(path, [], KiteEndpointClass.Other, cancellationToken));
    }

    public async Task<IReadOnlyList<BrokerOrder>> GetOrdersAsync(CancellationToken cancellationToken) =>
        KiteOrderBook.Read(await GetAsync<List<System.Text.Json.JsonElement>>("/orders", [], KiteEndpointClass.Other, cancellationToken));

    public async Task<IReadOnlyList<BrokerOrder>> GetOrderHistoryAsync(string orderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var path = "/orders/" + Uri.EscapeDataString(orderId);
        return (await GetAsync<List<KiteOrder>>(path, [], KiteEndpointClass.Other, cancellationToken)).Select(KiteMapping.ToDomain).ToList();
    }

    public async Task<IReadOnlyList<BrokerTrade>> GetTradesAsync(CancellationToken cancellationToken) =>
        (await GetAsync<List<KiteTrade>>("/trades", [], KiteEndpointClass.Other, cancellationToken)).Select(KiteMapping.ToDomain).ToList();

    public async Task<IReadOnlyList<BrokerTrade>> GetOrderTradesAsync(string orderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var path = "/orders/" + Uri.EscapeDataString(orderId) + "/trades";
        return (await GetAsync<List<KiteTrade>>(path, [], KiteEndpointClass.Other, cancellationToken)).Select(KiteMapping.ToDomain).ToList();
    }

    public async Task<Positions> GetPositionsAsync(CancellationToken cancellationToken)
    {
        var wire = await GetAsync<KitePositions>("/portfolio/positions", [], KiteEndpointClass.Other, cancellationToken);
        return new Positions(
            (wire.Net ?? []).Select(KiteMapping.ToDomain).ToList(),
            (wire.Day ?? []).Select(KiteMapping.ToDomain).ToList());
    }

    public async Task<IReadOnlyList<Holding>> GetHoldingsAsync(CancellationToken cancellationToken) =>
        (await GetAsync<List<KiteHolding>>("/portfolio/holdings", [], KiteEndpointClass.Other, cancellationToken)).Select(KiteMapping.ToDomain).ToList();

    public Task<IReadOnlyDictionary<InstrumentKey, LastPrice>> GetLastPricesAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken) =>
        GetBatchedAsync<KiteLtp, LastPrice>("/quote/ltp", instruments, MaxLtpInstruments, (key, w) => new LastPrice(key, w.InstrumentToken, w.LastPrice), cancellationToken);

    public Task<IReadOnlyDictionary<InstrumentKey, OhlcQuote>> GetOhlcAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken) =>
        GetBatchedAsync<KiteOhlcQuote, OhlcQuote>("/quote/ohlc", instruments, MaxOhlcInstruments, (key, w) => new OhlcQuote(key, w.InstrumentToken, w.LastPrice, KiteMapping.ToDomain(w.Ohlc)), cancellationToken);

    public Task<IReadOnlyDictionary<InstrumentKey, Quote>> GetQuotesAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken) =>
        GetBatchedAsync<KiteQuote, Quote>("/quote", instruments, MaxQuoteInstruments, KiteMapping.ToDomain, cancellationToken);

    public async Task<PlacedOrder> PlaceOrderAsync(OrderRequest order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var form = KiteOrderForm.ForPlacement(order);
        var path = "/orders/" + KiteMapping.ToWire(order.Variety);
        var result = await SendAsync<KiteOrderId>(HttpMethod.Post, path, [], form, KiteEndpointClass.Order, cancellationToken, placement: true);
        return new PlacedOrder(result.OrderId ?? "");
    }

    public async Task<PlacedOrder> ModifyOrderAsync(OrderModification modification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(modification);
        ArgumentException.ThrowIfNullOrWhiteSpace(modification.OrderId);
        var path = "/orders/" + KiteMapping.ToWire(modification.Variety) + "/" + Uri.EscapeDataString(modification.OrderId);
        var result = await SendAsync<KiteOrderId>(HttpMethod.Put, path, [], KiteOrderForm.ForModification(modification), KiteEndpointClass.Order, cancellationToken);
        return new PlacedOrder(result.OrderId ?? modification.OrderId);
    }

    public async Task<PlacedOrder> CancelOrderAsync(string orderId, OrderVariety variety, string? parentOrderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var path = "/orders/" + KiteMapping.ToWire(variety) + "/" + Uri.EscapeDataString(orderId);
        List<KeyValuePair<string, string>> query = string.IsNullOrEmpty(parentOrderId) ? [] : [new("parent_order_id", parentOrderId)];
        var result = await SendAsync<KiteOrderId>(HttpMethod.Delete, path, query, null, KiteEndpointClass.Order, cancellationToken);
        return new PlacedOrder(result.OrderId ?? orderId);
    }

    public Task LogoutAsync(CancellationToken cancellationToken) =>
        KiteSessionExchanger.InvalidateAsync(_transport, _apiRoot, _connection.ApiKey, _connection.AccessToken, cancellationToken);

    private Task<T> GetAsync<T>(string path, IReadOnlyList<KeyValuePair<string, string>> query, KiteEndpointClass endpointClass, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Get, path, query, null, endpointClass, cancellationToken);

    private Task<T> SendAsync<T>(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> query, IReadOnlyList<KeyValuePair<string, string>>? form, KiteEndpointClass endpointClass, CancellationToken cancellationToken, bool placement = false) =>
        _transport.SendAsync<T>(
            new KiteCall
            {
                Method = method,
                Path = path,
                EndpointClass = endpointClass,
                ApiRoot = _apiRoot,
                ApiKey = _connection.ApiKey,
                AccessToken = _connection.AccessToken,
                Query = query,
                Form = form,
                UserId = _connection.ClientId,
                IsPlacement = placement,
            },
            cancellationToken);

    private async Task<IReadOnlyDictionary<InstrumentKey, TResult>> GetBatchedAsync<TWire, TResult>(
        string path, IReadOnlyCollection<InstrumentKey> instruments, int batchSize, Func<InstrumentKey, TWire, TResult> map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        var result = new Dictionary<InstrumentKey, TResult>();
        foreach (var batch in instruments.Distinct().Chunk(batchSize))
        {
            var query = batch.Select(k => new KeyValuePair<string, string>("i", k.ToString())).ToList();
            var data = await GetAsync<Dictionary<string, TWire>>(path, query, KiteEndpointClass.Quote, cancellationToken);
            foreach (var (key, value) in data)
            {
                // Kite keys the data by the exact requested string; unknown instruments are simply absent.
                var instrument = InstrumentKey.Parse(key);
                result[instrument] = map(instrument, value);
            }
        }

        return result;
    }
}

/// <summary>Turns order requests into Kite's form fields.</summary>
internal static class KiteOrderForm
{
    public static List<KeyValuePair<string, string>> ForPlacement(OrderRequest order)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(order.TradingSymbol);
        ArgumentException.ThrowIfNullOrWhiteSpace(order.Exchange);
        if (order.Quantity <= 0)
        {
            throw new ArgumentException("Quantity must be positive.", nameof(order));
        }

        if (order.OrderType is OrderType.Limit or OrderType.StopLoss && order.Price is null)
        {
            throw new ArgumentException("Limit and stop-loss limit orders need a price.", nameof(order));
        }

        if (order.OrderType is OrderType.StopLoss or OrderType.StopLossMarket && order.TriggerPrice is null)
        {
            throw new ArgumentException("Stop-loss orders need a trigger price.", nameof(order));
        }

        if (order.Tag is { Length: > 20 })
        {
            throw new ArgumentException("Kite tags are at most 20 characters.", nameof(order));
        }

        var form = new List<KeyValuePair<string, string>>
        {
            new("tradingsymbol", order.TradingSymbol),
            new("exchange", order.Exchange),
            new("transaction_type", KiteMapping.ToWire(order.Side)),
            new("order_type", KiteMapping.ToWire(order.OrderType)),
            new("quantity", KiteMapping.Integer(order.Quantity)),
            new("product", KiteMapping.ToWire(order.Product)),
            new("validity", KiteMapping.ToWire(order.Validity)),
        };
        Add(form, "price", order.Price);
        Add(form, "trigger_price", order.TriggerPrice);
        Add(form, "disclosed_quantity", order.DisclosedQuantity);
        Add(form, "validity_ttl", order.ValidityTtlMinutes);
        Add(form, "market_protection", order.MarketProtection);
        if (!string.IsNullOrEmpty(order.Tag))
        {
            form.Add(new("tag", order.Tag));
        }

        return form;
    }

    public static List<KeyValuePair<string, string>> ForModification(OrderModification change)
    {
        var form = new List<KeyValuePair<string, string>>();
        if (change.OrderType is { } type)
        {
            form.Add(new("order_type", KiteMapping.ToWire(type)));
        }

        Add(form, "quantity", change.Quantity);
        Add(form, "price", change.Price);
        Add(form, "trigger_price", change.TriggerPrice);
        Add(form, "disclosed_quantity", change.DisclosedQuantity);
        if (change.Validity is { } validity)
        {
            form.Add(new("validity", KiteMapping.ToWire(validity)));
        }

        Add(form, "market_protection", change.MarketProtection);
        return form;
    }

    private static void Add(List<KeyValuePair<string, string>> form, string name, decimal? value)
    {
        if (value is { } v)
        {
            form.Add(new(name, KiteMapping.Decimal(v)));
        }
    }

    private static void Add(List<KeyValuePair<string, string>> form, string name, int? value)
    {
        if (value is { } v)
        {
            form.Add(new(name, KiteMapping.Integer(v)));
        }
    }
}
