using System.Globalization;
using System.Text.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.Http;
using BrokerConsole.Core.Time;

namespace BrokerConsole.Core.Brokers.Dhan;

/// <summary>
/// <see cref="IBrokerClient"/> for DhanHQ v2, bound to one session. Profile, funds, order book, single order,
/// place/modify/cancel, trade book (all and per order), positions, holdings and LTP. Dhan addresses instruments by numeric <c>securityId</c> (no symbol search exists),
/// so orders and prices take the security id as the trading symbol, e.g. <c>NSE:1333</c>, until an instrument
/// master is loaded. Other operations throw <see cref="NotSupportedException"/>.
/// </summary>
public sealed class DhanClient : IBrokerClient
{
    private readonly DhanTransport _transport;
    private readonly BrokerConnection _connection;
    private readonly Uri _apiRoot;
    private readonly string _clientId;

    internal DhanClient(DhanTransport transport, BrokerConnection connection)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(connection.AccessToken);
        if (connection.Broker != BrokerKind.Dhan)
        {
            throw new ArgumentException("A Dhan client needs a Dhan connection.", nameof(connection));
        }

        _transport = transport;
        _connection = connection;
        // Every Dhan call names the client; falling back to anything else (the API key, empty) would be refused as
        // DH-901 and read as an expired session, so a connection without it is a programming error.
        _clientId = string.IsNullOrWhiteSpace(connection.ClientId)
            ? throw new ArgumentException("A Dhan connection needs the account's client id.", nameof(connection))
            : connection.ClientId;
        _apiRoot = connection.ApiRoot ?? transport.Options.ApiRootFor(connection.Environment);
    }

    public BrokerKind Broker => BrokerKind.Dhan;

    public async Task<BrokerProfile> GetProfileAsync(CancellationToken cancellationToken)
    {
        var p = WireText.Read<DhanProfile>(await SendAsync(HttpMethod.Get, "/profile", null, cancellationToken));
        var id = p?.DhanClientId ?? "";
        var name = p?.DhanClientName ?? id;
        return new BrokerProfile { UserId = id, UserName = name, ShortName = name, Broker = "DHAN", Exchanges = (p?.ActiveSegment ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
    }

    /// <summary>Dhan's <c>tokenValidity</c> ("DD/MM/YYYY HH:mm", IST) from a profile answer.</summary>
    internal async Task<(BrokerProfile Profile, DateTimeOffset? ValidUntil)> GetProfileWithValidityAsync(CancellationToken cancellationToken)
    {
        var p = WireText.Read<DhanProfile>(await SendAsync(HttpMethod.Get, "/profile", null, cancellationToken));
        var id = p?.DhanClientId ?? "";
        var name = p?.DhanClientName ?? id;
        DateTimeOffset? validity = DateTime.TryParseExact(p?.TokenValidity, "dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? new DateTimeOffset(t, IndianTime.Offset)
            : null;
        return (new BrokerProfile { UserId = id, UserName = name, ShortName = name, Broker = "DHAN" }, validity);
    }

    public async Task<Funds> GetFundsAsync(CancellationToken cancellationToken) => new(await GetFundsAsync(FundsSegment.Equity, cancellationToken), null);

    public async Task<SegmentFunds> GetFundsAsync(FundsSegment segment, CancellationToken cancellationToken)
    {
        var f = WireText.Read<DhanFunds>(await SendAsync(HttpMethod.Get, "/fundlimit", null, cancellationToken));
        return new SegmentFunds
        {
            Segment = segment,
            Enabled = true,
            // Dhan's own spelling: "availabelBalance".
            Net = WireText.Dec(f?.AvailabelBalance),
            LiveBalance = WireText.Dec(f?.AvailabelBalance),
            AvailableCash = WireText.Dec(f?.WithdrawableBalance),
            OpeningBalance = WireText.Dec(f?.SodLimit),
            Collateral = WireText.Dec(f?.CollateralAmount),
            Utilised = WireText.Dec(f?.UtilizedAmount),
        };
    }

    public async Task<IReadOnlyList<BrokerOrder>> GetOrdersAsync(CancellationToken cancellationToken) =>
        ReadBook(Items<DhanOrder>(await SendAsync(HttpMethod.Get, "/orders", null, cancellationToken)));

    /// <summary>
    /// Dhan keeps no per-order history: <c>GET /orders/{id}</c> is the order's current state, so the history is that one
    /// entry (the last entry is the current state, as the interface promises). Some clients see a one-element array.
    /// </summary>
    public async Task<IReadOnlyList<BrokerOrder>> GetOrderHistoryAsync(string orderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var answer = await SendAsync(HttpMethod.Get, "/orders/" + Uri.EscapeDataString(orderId), null, cancellationToken);
        return ReadBook(answer.ValueKind == JsonValueKind.Array ? Items<DhanOrder>(answer) : [WireText.Read<DhanOrder>(answer) ?? Empty<DhanOrder>()]);
    }

    public async Task<IReadOnlyList<BrokerTrade>> GetTradesAsync(CancellationToken cancellationToken) =>
        Items<DhanTrade>(await SendOrNoDataAsync("/trades", cancellationToken)).Select(Trade).ToList();

    public async Task<IReadOnlyList<BrokerTrade>> GetOrderTradesAsync(string orderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var answer = await SendOrNoDataAsync("/trades/" + Uri.EscapeDataString(orderId), cancellationToken);
        return answer.ValueKind == JsonValueKind.Object ? [Trade(WireText.Read<DhanTrade>(answer) ?? Empty<DhanTrade>())] : Items<DhanTrade>(answer).Select(Trade).ToList();
    }

    public async Task<Positions> GetPositionsAsync(CancellationToken cancellationToken)
    {
        var lines = Items<DhanPosition>(await SendAsync(HttpMethod.Get, "/positions", null, cancellationToken)).Select(p => new Position
        {
            TradingSymbol = p.TradingSymbol ?? "",
            Exchange = (p.ExchangeSegment ?? "").Split('_')[0],
            InstrumentToken = WireText.Long(p.SecurityId),
            // The product closes the position: an exit must be sent in the same one (INTRADAY, MARGIN, CNC).
            Product = Product(p.ProductType),
            Quantity = WireText.Int(p.NetQty),
            Multiplier = WireText.Dec(p.Multiplier) is var m && m > 0 ? m : 1,
            AveragePrice = WireText.Dec(p.CostPrice),
            BuyQuantity = WireText.Int(p.BuyQty),
            BuyPrice = WireText.Dec(p.BuyAvg),
            SellQuantity = WireText.Int(p.SellQty),
            SellPrice = WireText.Dec(p.SellAvg),
            Realised = WireText.Dec(p.RealizedProfit),
            Unrealised = WireText.Dec(p.UnrealizedProfit),
            Pnl = WireText.Dec(p.RealizedProfit) + WireText.Dec(p.UnrealizedProfit),
        }).ToList();
        return new Positions(lines, lines);
    }

    public async Task<IReadOnlyList<Holding>> GetHoldingsAsync(CancellationToken cancellationToken) =>
        Items<DhanHolding>(await SendOrNoDataAsync("/holdings", cancellationToken)).Select(h => new Holding
        {
            TradingSymbol = h.TradingSymbol ?? "",
            Exchange = h.Exchange ?? "",
            InstrumentToken = WireText.Long(h.SecurityId),
            Isin = h.Isin,
            Product = ProductType.Cnc,
            Quantity = WireText.Int(h.TotalQty),
            T1Quantity = WireText.Int(h.T1Qty),
            CollateralQuantity = WireText.Int(h.CollateralQty),
            AveragePrice = WireText.Dec(h.AvgCostPrice),
            LastPrice = WireText.Dec(h.LastTradedPrice),
        }).ToList();

    public async Task<IReadOnlyDictionary<InstrumentKey, LastPrice>> GetLastPricesAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        var keys = instruments.Distinct().ToDictionary(i => (Segment(i.Exchange), SecurityId(i)), i => i);
        var body = keys.Keys.GroupBy(k => k.Item1).ToDictionary(g => g.Key, g => g.Select(k => long.Parse(k.Item2, CultureInfo.InvariantCulture)).ToArray());
        var root = await SendAsync(HttpMethod.Post, "/marketfeed/ltp", body, cancellationToken);
        var result = new Dictionary<InstrumentKey, LastPrice>();
        foreach (var (segment, quotes) in WireText.Read<DhanLtpAnswer>(root)?.Data ?? [])
        {
            foreach (var (securityId, quote) in quotes ?? [])
            {
                if (keys.TryGetValue((segment, securityId), out var key))
                {
                    result[key] = new LastPrice(key, long.Parse(securityId, CultureInfo.InvariantCulture), WireText.Dec(quote?.LastPrice));
                }
            }
        }

        return result;
    }

    public Task<IReadOnlyDictionary<InstrumentKey, OhlcQuote>> GetOhlcAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken) =>
        throw new NotSupportedException("OHLC quotes are not available for Dhan yet.");

    public Task<IReadOnlyDictionary<InstrumentKey, Quote>> GetQuotesAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Full quotes are not available for Dhan yet.");

    public async Task<PlacedOrder> PlaceOrderAsync(OrderRequest order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var body = new Dictionary<string, object>
        {
            ["dhanClientId"] = _clientId,
            ["transactionType"] = order.Side == TransactionType.Sell ? "SELL" : "BUY",
            ["exchangeSegment"] = Segment(order.Exchange),
            ["productType"] = order.Product switch { ProductType.Cnc => "CNC", ProductType.Mis => "INTRADAY", ProductType.Nrml => "MARGIN", ProductType.Mtf => "MTF", _ => throw new ArgumentException($"Dhan has no product for {order.Product}.", nameof(order)) },
            ["orderType"] = OrderTypeWire(order.OrderType),
            ["validity"] = order.Validity == OrderValidity.Ioc ? "IOC" : "DAY",
            ["securityId"] = SecurityId(new InstrumentKey(order.Exchange, order.TradingSymbol)),
            ["quantity"] = order.Quantity,
            ["disclosedQuantity"] = order.DisclosedQuantity ?? 0,
            ["price"] = order.Price ?? 0m,
            ["triggerPrice"] = order.TriggerPrice ?? 0m,
            ["afterMarketOrder"] = order.Variety == OrderVariety.Amo,
        };
        if (!string.IsNullOrEmpty(order.Tag))
        {
            body["correlationId"] = order.Tag;
        }

        var placed = await SendAsync(HttpMethod.Post, "/orders", body, cancellationToken);
        return new PlacedOrder(WireText.Read<DhanOrderAnswer>(placed)?.OrderId ?? throw new BrokerUnavailableException(BrokerKind.Dhan, UnavailableCause.MalformedResponse, 200, null, "No orderId."));
    }

    /// <summary>
    /// <c>PUT /orders/{id}</c>. Dhan wants the whole new shape (order type, quantity, price, trigger, validity), so fields
    /// the caller leaves null are filled from the order's current state, read first. Never retried.
    /// </summary>
    public async Task<PlacedOrder> ModifyOrderAsync(OrderModification modification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(modification);
        ArgumentException.ThrowIfNullOrWhiteSpace(modification.OrderId);
        var current = (await GetOrderHistoryAsync(modification.OrderId, cancellationToken))[^1];
        var orderType = modification.OrderType ?? current.OrderType;
        var body = new Dictionary<string, object>
        {
            ["dhanClientId"] = _clientId,
            ["orderId"] = modification.OrderId,
            ["orderType"] = OrderTypeWire(orderType),
            ["legName"] = "ENTRY_LEG",
            ["quantity"] = modification.Quantity ?? current.Quantity,
            ["price"] = orderType is OrderType.Market or OrderType.StopLossMarket ? 0m : modification.Price ?? current.Price,
            ["disclosedQuantity"] = modification.DisclosedQuantity ?? current.DisclosedQuantity,
            ["triggerPrice"] = modification.TriggerPrice ?? current.TriggerPrice,
            ["validity"] = (modification.Validity ?? current.Validity) == OrderValidity.Ioc ? "IOC" : "DAY",
        };
        var answer = await SendAsync(HttpMethod.Put, "/orders/" + Uri.EscapeDataString(modification.OrderId), body, cancellationToken);
        return new PlacedOrder(WireText.Read<DhanOrderAnswer>(answer)?.OrderId ?? modification.OrderId);
    }

    public async Task<PlacedOrder> CancelOrderAsync(string orderId, OrderVariety variety, string? parentOrderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var answer = await SendAsync(HttpMethod.Delete, "/orders/" + Uri.EscapeDataString(orderId), null, cancellationToken);
        return new PlacedOrder(WireText.Read<DhanOrderAnswer>(answer)?.OrderId ?? orderId);
    }

    /// <summary>Dhan documents no revoke endpoint (reference §1.2): the token is discarded here and dies after 24 hours.</summary>
    public Task LogoutAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException("Dhan has no logout endpoint; the token expires 24 hours after it was generated.");

    internal static string Segment(string exchange) => exchange.ToUpperInvariant() switch
    {
        "NSE" => "NSE_EQ",
        "BSE" => "BSE_EQ",
        "NFO" => "NSE_FNO",
        "BFO" => "BSE_FNO",
        "CDS" => "NSE_CURRENCY",
        "MCX" => "MCX_COMM",
        var other when other.Contains('_', StringComparison.Ordinal) => other,
        var other => throw new ArgumentException($"Dhan has no segment for exchange {other}."),
    };

    private static string SecurityId(InstrumentKey key) =>
        key.TradingSymbol.All(char.IsAsciiDigit)
            ? key.TradingSymbol
            : throw new NotSupportedException($"Dhan addresses instruments by security id; give {key.Exchange}:<securityId> (no instrument master is loaded for '{key.TradingSymbol}').");

    private static string OrderTypeWire(OrderType type) => type switch
    {
        OrderType.Limit => "LIMIT",
        OrderType.Market => "MARKET",
        OrderType.StopLoss => "STOP_LOSS",
        OrderType.StopLossMarket => "STOP_LOSS_MARKET",
        _ => throw new ArgumentException($"Dhan has no order type for {type}."),
    };

    /// <summary>The order book one order at a time (<see cref="UnreadableOrders"/>).</summary>
    private static List<BrokerOrder> ReadBook(IEnumerable<DhanOrder> orders) => UnreadableOrders.MapEach(orders, Order, o =>
        UnreadableOrders.Row("Dhan", o.OrderId, o.TradingSymbol, (o.ExchangeSegment ?? "").Split('_')[0], WireText.NonBlank(o.CorrelationId)));

    private static BrokerOrder Order(DhanOrder o) => new()
    {
        OrderId = o.OrderId ?? "",
        ExchangeOrderId = WireText.NonBlank(o.ExchangeOrderId),
        Status = Status(o.OrderStatus),
        RawStatus = o.OrderStatus ?? "",
        StatusMessage = WireText.NonBlank(o.OmsErrorDescription),
        TradingSymbol = o.TradingSymbol ?? "",
        Exchange = (o.ExchangeSegment ?? "").Split('_')[0],
        InstrumentToken = WireText.Long(o.SecurityId),
        TransactionType = o.TransactionType == "SELL" ? TransactionType.Sell : TransactionType.Buy,
        OrderType = o.OrderType switch { "LIMIT" => OrderType.Limit, "MARKET" => OrderType.Market, "STOP_LOSS" => OrderType.StopLoss, "STOP_LOSS_MARKET" => OrderType.StopLossMarket, _ => OrderType.Unknown },
        Product = Product(o.ProductType),
        Validity = o.Validity == "IOC" ? OrderValidity.Ioc : OrderValidity.Day,
        Quantity = WireText.OrderInt(o.Quantity),
        FilledQuantity = WireText.OrderInt(o.FilledQty),
        PendingQuantity = WireText.OrderInt(o.RemainingQuantity),
        DisclosedQuantity = WireText.OrderInt(o.DisclosedQuantity),
        Price = WireText.OrderDec(o.Price),
        TriggerPrice = WireText.OrderDec(o.TriggerPrice),
        AveragePrice = WireText.OrderDec(o.AverageTradedPrice),
        Tag = WireText.NonBlank(o.CorrelationId),
        PlacedAt = Time(o.CreateTime),
        ExchangeUpdatedAt = Time(o.UpdateTime),
    };

    private static BrokerTrade Trade(DhanTrade t) => new()
    {
        TradeId = t.ExchangeTradeId ?? "",
        OrderId = t.OrderId ?? "",
        ExchangeOrderId = WireText.NonBlank(t.ExchangeOrderId),
        TradingSymbol = t.TradingSymbol ?? "",
        Exchange = (t.ExchangeSegment ?? "").Split('_')[0],
        InstrumentToken = WireText.Long(t.SecurityId),
        Product = Product(t.ProductType),
        TransactionType = t.TransactionType == "SELL" ? TransactionType.Sell : TransactionType.Buy,
        Quantity = WireText.Int(t.TradedQuantity),
        AveragePrice = WireText.Dec(t.TradedPrice),
        FilledAt = Time(t.UpdateTime) ?? Time(t.CreateTime),
        ExchangeTimestamp = Time(t.ExchangeTime),
    };

    private static ProductType Product(string? wire) => wire switch
    {
        "CNC" => ProductType.Cnc,
        "INTRADAY" => ProductType.Mis,
        "MARGIN" => ProductType.Nrml,
        "MTF" => ProductType.Mtf,
        "CO" => ProductType.Co,
        "BO" => ProductType.Bo,
        _ => ProductType.Unknown,
    };

    /// <summary>Dhan's <c>yyyy-MM-dd HH:mm:ss</c> in IST; its placeholder <c>0001-01-01 …</c> and "NA" mean none.</summary>
    private static DateTimeOffset? Time(string? text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) && t.Year > 1
            ? new DateTimeOffset(t, IndianTime.Offset)
            : null;

    /// <summary>
    /// Dhan answers an empty holdings or trade book with DH-907 "no data" rather than <c>[]</c> (reported; the sandbox does
    /// the same), which is an empty list, not a failure.
    /// </summary>
    private async Task<JsonElement> SendOrNoDataAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(HttpMethod.Get, path, null, cancellationToken);
        }
        catch (BrokerRejectedException ex) when (ex.ErrorCode == "DH-907")
        {
            return default;
        }
    }

    internal static OrderStatus Status(string? status) => status switch
    {
        "TRANSIT" => OrderStatus.Pending,
        "PENDING" or "PART_TRADED" or "CONFIRM" or "TRIGGERED" => OrderStatus.Open,
        "TRADED" or "CLOSED" => OrderStatus.Complete,
        "CANCELLED" or "EXPIRED" => OrderStatus.Cancelled,
        "REJECTED" => OrderStatus.Rejected,
        _ => OrderStatus.Unknown,
    };

    /// <summary>An answer that is a list (anything else, e.g. DH-907's "no data", is none).</summary>
    private static List<T> Items<T>(JsonElement root)
        where T : class =>
        root.ValueKind == JsonValueKind.Array ? WireText.ReadList<T>(root) : [];

    /// <summary>A record with every field absent, for an answer of the wrong shape (mapped as before: empty values).</summary>
    private static T Empty<T>()
        where T : class =>
        WireText.ReadEmpty<T>();

    private Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        _transport.SendAsync(method, _apiRoot, path, _clientId, _connection.AccessToken, body, cancellationToken);
}
