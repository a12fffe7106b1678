using System.Text.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.Http;

namespace BrokerConsole.Core.Brokers.Fyers;

/// <summary>
/// <see cref="IBrokerClient"/> for Fyers API v3, bound to one session. Supports profile, funds, order book, single order
/// (<c>GET /orders?id=</c>), trade book, place/modify/cancel, positions, holdings and last prices; OHLC and full quotes
/// throw <see cref="NotSupportedException"/> until the app needs them.
/// </summary>
public sealed partial class FyersClient : IBrokerClient
{
    internal const int MaxQuoteSymbols = 50;

    private static readonly string[] _timeFormats = ["dd-MMM-yyyy HH:mm:ss", "dd-MMM-yyyy H:mm:ss"];

    private readonly FyersTransport _transport;
    private readonly BrokerConnection _connection;
    private readonly Uri _apiRoot;

    internal FyersClient(FyersTransport transport, BrokerConnection connection)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(connection.ApiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(connection.AccessToken);
        if (connection.Broker != BrokerKind.Fyers)
        {
            throw new ArgumentException("A Fyers client needs a Fyers connection.", nameof(connection));
        }

        _transport = transport;
        _connection = connection;
        _apiRoot = connection.ApiRoot ?? transport.Options.ApiRootFor(connection.Environment);
    }

    public BrokerKind Broker => BrokerKind.Fyers;

    public async Task<BrokerProfile> GetProfileAsync(CancellationToken cancellationToken)
    {
        var root = await SendAsync(HttpMethod.Get, "/api/v3/profile", null, cancellationToken);
        var data = WireText.Read<FyersProfileAnswer>(root)?.Data ?? throw Malformed();
        var name = data.Name ?? data.FyId ?? "";
        return new BrokerProfile
        {
            UserId = data.FyId ?? "",
            UserName = name,
            ShortName = data.DisplayName ?? name,
            Email = data.EmailId,
            Broker = "FYERS",
        };
    }

    public async Task<Funds> GetFundsAsync(CancellationToken cancellationToken) =>
        new(await GetFundsAsync(FundsSegment.Equity, cancellationToken), null);

    public async Task<SegmentFunds> GetFundsAsync(FundsSegment segment, CancellationToken cancellationToken)
    {
        var root = await SendAsync(HttpMethod.Get, "/api/v3/funds", null, cancellationToken);
        var rows = (WireText.Read<FyersFundsAnswer>(root)?.FundLimit ?? []).ToDictionary(r => WireText.Int(r.Id), r => r);
        decimal Amount(int id) => rows.TryGetValue(id, out var row)
            ? WireText.Dec(segment == FundsSegment.Commodity ? row.CommodityAmount : row.EquityAmount)
            : 0m;
        return new SegmentFunds
        {
            Segment = segment,
            Enabled = true,
            Net = Amount(10),
            LiveBalance = Amount(10),
            AvailableCash = Amount(3),
            OpeningBalance = Amount(9),
            Utilised = Amount(2),
            Collateral = Amount(5),
            M2MRealised = Amount(4),
            AdhocMargin = Amount(8),
        };
    }

    public async Task<IReadOnlyList<BrokerOrder>> GetOrdersAsync(CancellationToken cancellationToken) =>
        ReadBook(WireText.Read<FyersOrderBook>(await SendAsync(HttpMethod.Get, "/api/v3/orders", null, cancellationToken))?.OrderBook ?? []);

    /// <summary>
    /// Fyers keeps no per-order state log: <c>GET /orders?id=</c> answers the order's current record, which is the one
    /// entry of its history here. An unknown id is -51, a <see cref="BrokerRejectedException"/>.
    /// </summary>
    public async Task<IReadOnlyList<BrokerOrder>> GetOrderHistoryAsync(string orderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var book = WireText.Read<FyersOrderBook>(await SendAsync(HttpMethod.Get, "/api/v3/orders?id=" + Uri.EscapeDataString(orderId), null, cancellationToken))?.OrderBook ?? [];
        var orders = ReadBook(book).Where(o => o.OrderId == orderId).ToList();
        return orders.Count > 0
            ? orders
            : throw new BrokerRejectedException(BrokerKind.Fyers, 200, "-51", $"Fyers does not know order {orderId}.");
    }

    public async Task<IReadOnlyList<BrokerTrade>> GetTradesAsync(CancellationToken cancellationToken) =>
        (WireText.Read<FyersTradeBook>(await SendAsync(HttpMethod.Get, "/api/v3/tradebook", null, cancellationToken))?.TradeBook ?? []).Select(ToTrade).ToList();

    public async Task<IReadOnlyList<BrokerTrade>> GetOrderTradesAsync(string orderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        return (await GetTradesAsync(cancellationToken)).Where(t => t.OrderId == orderId).ToList();
    }

    public async Task<Positions> GetPositionsAsync(CancellationToken cancellationToken)
    {
        var answer = WireText.Read<FyersPositionsAnswer>(await SendAsync(HttpMethod.Get, "/api/v3/positions", null, cancellationToken));
        var lines = (answer?.NetPositions ?? []).Select(p =>
        {
            var (exchange, symbol) = Split(p.Symbol);
            return new Position
            {
                TradingSymbol = symbol,
                Exchange = exchange,
                InstrumentToken = WireText.Long(p.FyToken),
                Product = Product(p.ProductType),
                Quantity = WireText.Int(p.NetQty),
                Multiplier = 1,
                AveragePrice = WireText.Dec(p.NetAvg),
                LastPrice = WireText.Dec(p.Ltp),
                Pnl = WireText.Dec(p.Pl),
                Realised = WireText.Dec(p.RealizedProfit),
                Unrealised = WireText.Dec(p.UnrealizedProfit),
                BuyQuantity = WireText.Int(p.BuyQty),
                BuyPrice = WireText.Dec(p.BuyAvg),
                BuyValue = WireText.Dec(p.BuyVal),
                SellQuantity = WireText.Int(p.SellQty),
                SellPrice = WireText.Dec(p.SellAvg),
                SellValue = WireText.Dec(p.SellVal),
            };
        }).ToList();
        return new Positions(lines, lines);
    }

    public async Task<IReadOnlyList<Holding>> GetHoldingsAsync(CancellationToken cancellationToken) =>
        (WireText.Read<FyersHoldingsAnswer>(await SendAsync(HttpMethod.Get, "/api/v3/holdings", null, cancellationToken))?.Holdings ?? []).Select(h =>
        {
            var (exchange, symbol) = Split(h.Symbol);
            return new Holding
            {
                TradingSymbol = symbol,
                Exchange = exchange,
                Isin = h.Isin,
                Product = ProductType.Cnc,
                Quantity = WireText.Int(h.Quantity),
                T1Quantity = WireText.Int(h.QtyT1),
                CollateralQuantity = WireText.Int(h.CollateralQuantity),
                AveragePrice = WireText.Dec(h.CostPrice),
                LastPrice = WireText.Dec(h.Ltp),
                Pnl = WireText.Dec(h.Pl),
            };
        }).ToList();

    public async Task<IReadOnlyDictionary<InstrumentKey, LastPrice>> GetLastPricesAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        var bySymbol = instruments.Distinct().ToDictionary(ToFyersSymbol, i => i, StringComparer.OrdinalIgnoreCase);
        var result = new Dictionary<InstrumentKey, LastPrice>();
        foreach (var chunk in bySymbol.Keys.Chunk(MaxQuoteSymbols))
        {
            var root = await SendAsync(HttpMethod.Get, "/data/quotes?symbols=" + Uri.EscapeDataString(string.Join(",", chunk)), null, cancellationToken);
            foreach (var item in WireText.Read<FyersQuotesAnswer>(root)?.D ?? [])
            {
                if (item.S == "ok" && item.N is { } name && bySymbol.TryGetValue(name, out var key) && item.V is { } v)
                {
                    result[key] = new LastPrice(key, WireText.Long(v.FyToken), WireText.Dec(v.Lp));
                }
            }
        }

        return result;
    }

    public Task<IReadOnlyDictionary<InstrumentKey, OhlcQuote>> GetOhlcAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken) =>
        throw new NotSupportedException("OHLC quotes are not available for Fyers yet.");

    public Task<IReadOnlyDictionary<InstrumentKey, Quote>> GetQuotesAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Full quotes are not available for Fyers yet.");

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

        var body = new Dictionary<string, object>
        {
            ["symbol"] = ToFyersSymbol(new InstrumentKey(order.Exchange, order.TradingSymbol)),
            ["qty"] = order.Quantity,
            ["type"] = ToWireType(order.OrderType),
            ["side"] = order.Side == TransactionType.Sell ? -1 : 1,
            ["productType"] = order.Product switch
            {
                ProductType.Cnc => "CNC",
                ProductType.Mis => "INTRADAY",
                ProductType.Nrml => "MARGIN",
                ProductType.Mtf => "MTF",
                ProductType.Co => "CO",
                ProductType.Bo => "BO",
                _ => throw new ArgumentException($"Fyers has no product for {order.Product}.", nameof(order)),
            },
            ["limitPrice"] = order.Price ?? 0m,
            ["stopPrice"] = order.TriggerPrice ?? 0m,
            ["validity"] = order.Validity == OrderValidity.Ioc ? "IOC" : "DAY",
            ["disclosedQty"] = order.DisclosedQuantity ?? 0,
            ["offlineOrder"] = order.Variety == OrderVariety.Amo,
            ["stopLoss"] = 0,
            ["takeProfit"] = 0,
        };
        if (!string.IsNullOrEmpty(order.Tag))
        {
            body["orderTag"] = order.Tag;
        }

        var root = await SendAsync(HttpMethod.Post, "/api/v3/orders/sync", body, cancellationToken);
        return new PlacedOrder(WireText.Read<FyersOrderAnswer>(root)?.Id ?? throw Malformed());
    }

    /// <summary><c>PATCH /orders/sync</c> with <c>{id, type?, limitPrice?, stopPrice?, qty?, disclosedQty?}</c>: what is omitted stays.</summary>
    public async Task<PlacedOrder> ModifyOrderAsync(OrderModification modification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(modification);
        ArgumentException.ThrowIfNullOrWhiteSpace(modification.OrderId, nameof(modification));
        if (modification.Quantity is <= 0)
        {
            throw new ArgumentException("Quantity must be positive.", nameof(modification));
        }

        var body = new Dictionary<string, object> { ["id"] = modification.OrderId };
        if (modification.OrderType is { } type)
        {
            body["type"] = ToWireType(type);
        }

        if (modification.Quantity is { } qty)
        {
            body["qty"] = qty;
        }

        if (modification.Price is { } price)
        {
            body["limitPrice"] = price;
        }

        if (modification.TriggerPrice is { } trigger)
        {
            body["stopPrice"] = trigger;
        }

        if (modification.DisclosedQuantity is { } disclosed)
        {
            body["disclosedQty"] = disclosed;
        }

        var root = await SendAsync(HttpMethod.Patch, "/api/v3/orders/sync", body, cancellationToken);
        return new PlacedOrder(WireText.Read<FyersOrderAnswer>(root)?.Id ?? modification.OrderId);
    }

    public async Task<PlacedOrder> CancelOrderAsync(string orderId, OrderVariety variety, string? parentOrderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var root = await SendAsync(HttpMethod.Delete, "/api/v3/orders/sync", new Dictionary<string, object> { ["id"] = orderId }, cancellationToken);
        return new PlacedOrder(WireText.Read<FyersOrderAnswer>(root)?.Id ?? orderId);
    }

    public async Task LogoutAsync(CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Post, "/api/v3/logout", null, cancellationToken);

    private Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        _transport.SendAsync(new FyersCall
        {
            Method = method,
            Path = path,
            ApiRoot = _apiRoot,
            AppId = _connection.ApiKey,
            AccessToken = _connection.AccessToken,
            Body = body,
        }, cancellationToken);

    private static BrokerUnavailableException Malformed() =>
        new(BrokerKind.Fyers, UnavailableCause.MalformedResponse, 200, null, "The response had no data.");
}
