using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Brokers.Dhan;

/// <summary>
/// The typed <see cref="HttpClient"/> for DhanHQ v2: <c>access-token</c> + <c>client-id</c> headers, raw (unenveloped)
/// success bodies, the <c>{errorType, errorCode, errorMessage}</c> error shape. Nothing is retried.
/// </summary>
internal sealed partial class DhanTransport
{
    public const string HttpClientName = "BrokerConsole.Dhan";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;
    private readonly ILogger<DhanTransport> _logger;

    public DhanTransport(HttpClient http, IOptions<DhanOptions> options, ILogger<DhanTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        Options = options.Value;
        _logger = logger;
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    public DhanOptions Options { get; }

    public async Task<JsonElement> SendAsync(HttpMethod method, Uri root, string path, string clientId, string accessToken, object? body, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(Options.RequestTimeout);
        using var request = new HttpRequestMessage(method, new Uri(root.AbsoluteUri.TrimEnd('/') + path, UriKind.Absolute));
        request.Headers.TryAddWithoutValidation("access-token", accessToken);
        request.Headers.TryAddWithoutValidation("client-id", clientId);
        request.Headers.Accept.ParseAdd("application/json");
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attempt.Token);
            var text = await response.Content.ReadAsStringAsync(attempt.Token);
            var status = (int)response.StatusCode;
            LogResponse(method.Method, path, status, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            JsonElement root1 = default;
            var parsed = false;
            try
            {
                if (!string.IsNullOrWhiteSpace(text))
                {
                    using var document = JsonDocument.Parse(text);
                    root1 = document.RootElement.Clone();
                    parsed = true;
                }
            }
            catch (JsonException ex) when (response.IsSuccessStatusCode)
            {
                throw new BrokerUnavailableException(BrokerKind.Dhan, UnavailableCause.MalformedResponse, status, null, null, ex);
            }
            catch (JsonException)
            {
                // A proxy page: the status decides.
            }

            if (response.IsSuccessStatusCode)
            {
                return root1;
            }

            string? Field(string name) => parsed && root1.ValueKind == JsonValueKind.Object && root1.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var message = Field("errorMessage");
            if (message is not null)
            {
                message = message.Replace(accessToken, "[redacted]", StringComparison.Ordinal);
            }

            throw DhanErrorMap.Map(status, Field("errorCode"), message);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BrokerUnavailableException(BrokerKind.Dhan, UnavailableCause.Timeout, null, null, null, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new BrokerUnavailableException(BrokerKind.Dhan, UnavailableCause.Unreachable, null, null, null, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dhan {Method} {Path} answered {Status} in {ElapsedMs} ms")]
    private partial void LogResponse(string method, string path, int status, long elapsedMs);
}

/// <summary>
/// <see cref="IBrokerClient"/> for DhanHQ v2, bound to one session. Profile, funds, order book, place/cancel,
/// positions, holdings and LTP. Dhan addresses instruments by numeric <c>securityId</c> (no symbol search exists),
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
        _clientId = connection.ClientId ?? connection.ApiKey;
        _apiRoot = connection.ApiRoot ?? transport.Options.ApiRootFor(connection.Environment);
    }

    public BrokerKind Broker => BrokerKind.Dhan;

    public async Task<BrokerProfile> GetProfileAsync(CancellationToken cancellationToken)
    {
        var p = await SendAsync(HttpMethod.Get, "/profile", null, cancellationToken);
        var id = Str(p, "dhanClientId") ?? "";
        var name = Str(p, "dhanClientName") ?? id;
        return new BrokerProfile { UserId = id, UserName = name, ShortName = name, Broker = "DHAN", Exchanges = (Str(p, "activeSegment") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
    }

    /// <summary>Dhan's <c>tokenValidity</c> ("DD/MM/YYYY HH:mm", IST) from a profile answer.</summary>
    internal async Task<(BrokerProfile Profile, DateTimeOffset? ValidUntil)> GetProfileWithValidityAsync(CancellationToken cancellationToken)
    {
        var p = await SendAsync(HttpMethod.Get, "/profile", null, cancellationToken);
        var id = Str(p, "dhanClientId") ?? "";
        var name = Str(p, "dhanClientName") ?? id;
        DateTimeOffset? validity = DateTime.TryParseExact(Str(p, "tokenValidity"), "dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? new DateTimeOffset(t, IndianTime.Offset)
            : null;
        return (new BrokerProfile { UserId = id, UserName = name, ShortName = name, Broker = "DHAN" }, validity);
    }

    public async Task<Funds> GetFundsAsync(CancellationToken cancellationToken) => new(await GetFundsAsync(FundsSegment.Equity, cancellationToken), null);

    public async Task<SegmentFunds> GetFundsAsync(FundsSegment segment, CancellationToken cancellationToken)
    {
        var f = await SendAsync(HttpMethod.Get, "/fundlimit", null, cancellationToken);
        return new SegmentFunds
        {
            Segment = segment,
            Enabled = true,
            // Dhan's own spelling: "availabelBalance".
            Net = Dec(f, "availabelBalance"),
            LiveBalance = Dec(f, "availabelBalance"),
            AvailableCash = Dec(f, "withdrawableBalance"),
            OpeningBalance = Dec(f, "sodLimit"),
            Collateral = Dec(f, "collateralAmount"),
            Utilised = Dec(f, "utilizedAmount"),
        };
    }

    public async Task<IReadOnlyList<BrokerOrder>> GetOrdersAsync(CancellationToken cancellationToken) =>
        Items(await SendAsync(HttpMethod.Get, "/orders", null, cancellationToken)).Select(o => new BrokerOrder
        {
            OrderId = Str(o, "orderId") ?? "",
            ExchangeOrderId = string.IsNullOrWhiteSpace(Str(o, "exchangeOrderId")) ? null : Str(o, "exchangeOrderId"),
            Status = Status(Str(o, "orderStatus")),
            RawStatus = Str(o, "orderStatus") ?? "",
            StatusMessage = string.IsNullOrWhiteSpace(Str(o, "omsErrorDescription")) ? null : Str(o, "omsErrorDescription"),
            TradingSymbol = Str(o, "tradingSymbol") ?? "",
            Exchange = (Str(o, "exchangeSegment") ?? "").Split('_')[0],
            InstrumentToken = long.TryParse(Str(o, "securityId"), out var sid) ? sid : 0,
            TransactionType = Str(o, "transactionType") == "SELL" ? TransactionType.Sell : TransactionType.Buy,
            OrderType = Str(o, "orderType") switch { "LIMIT" => OrderType.Limit, "MARKET" => OrderType.Market, "STOP_LOSS" => OrderType.StopLoss, "STOP_LOSS_MARKET" => OrderType.StopLossMarket, _ => OrderType.Unknown },
            Product = Str(o, "productType") switch { "CNC" => ProductType.Cnc, "INTRADAY" => ProductType.Mis, "MARGIN" => ProductType.Nrml, "MTF" => ProductType.Mtf, "CO" => ProductType.Co, "BO" => ProductType.Bo, _ => ProductType.Unknown },
            Validity = Str(o, "validity") == "IOC" ? OrderValidity.Ioc : OrderValidity.Day,
            Quantity = (int)Dec(o, "quantity"),
            FilledQuantity = (int)Dec(o, "filledQty"),
            PendingQuantity = (int)Dec(o, "remainingQuantity"),
            Price = Dec(o, "price"),
            TriggerPrice = Dec(o, "triggerPrice"),
            AveragePrice = Dec(o, "averageTradedPrice"),
            Tag = string.IsNullOrWhiteSpace(Str(o, "correlationId")) ? null : Str(o, "correlationId"),
        }).ToList();

    public Task<IReadOnlyList<BrokerOrder>> GetOrderHistoryAsync(string orderId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Order history is not available for Dhan yet.");

    public Task<IReadOnlyList<BrokerTrade>> GetTradesAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException("The trade book is not available for Dhan yet.");

    public Task<IReadOnlyList<BrokerTrade>> GetOrderTradesAsync(string orderId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The trade book is not available for Dhan yet.");

    public async Task<Positions> GetPositionsAsync(CancellationToken cancellationToken)
    {
        var lines = Items(await SendAsync(HttpMethod.Get, "/positions", null, cancellationToken)).Select(p => new Position
        {
            TradingSymbol = Str(p, "tradingSymbol") ?? "",
            Exchange = (Str(p, "exchangeSegment") ?? "").Split('_')[0],
            InstrumentToken = long.TryParse(Str(p, "securityId"), out var sid) ? sid : 0,
            Quantity = (int)Dec(p, "netQty"),
            Multiplier = Dec(p, "multiplier") is var m && m > 0 ? m : 1,
            AveragePrice = Dec(p, "costPrice"),
            BuyQuantity = (int)Dec(p, "buyQty"),
            BuyPrice = Dec(p, "buyAvg"),
            SellQuantity = (int)Dec(p, "sellQty"),
            SellPrice = Dec(p, "sellAvg"),
            Realised = Dec(p, "realizedProfit"),
            Unrealised = Dec(p, "unrealizedProfit"),
            Pnl = Dec(p, "realizedProfit") + Dec(p, "unrealizedProfit"),
        }).ToList();
        return new Positions(lines, lines);
    }

    public async Task<IReadOnlyList<Holding>> GetHoldingsAsync(CancellationToken cancellationToken) =>
        Items(await SendAsync(HttpMethod.Get, "/holdings", null, cancellationToken)).Select(h => new Holding
        {
            TradingSymbol = Str(h, "tradingSymbol") ?? "",
            Exchange = Str(h, "exchange") ?? "",
            InstrumentToken = long.TryParse(Str(h, "securityId"), out var sid) ? sid : 0,
            Isin = Str(h, "isin"),
            Product = ProductType.Cnc,
            Quantity = (int)Dec(h, "totalQty"),
            T1Quantity = (int)Dec(h, "t1Qty"),
            CollateralQuantity = (int)Dec(h, "collateralQty"),
            AveragePrice = Dec(h, "avgCostPrice"),
            LastPrice = Dec(h, "lastTradedPrice"),
        }).ToList();

    public async Task<IReadOnlyDictionary<InstrumentKey, LastPrice>> GetLastPricesAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        var keys = instruments.Distinct().ToDictionary(i => (Segment(i.Exchange), SecurityId(i)), i => i);
        var body = keys.Keys.GroupBy(k => k.Item1).ToDictionary(g => g.Key, g => g.Select(k => long.Parse(k.Item2, CultureInfo.InvariantCulture)).ToArray());
        var root = await SendAsync(HttpMethod.Post, "/marketfeed/ltp", body, cancellationToken);
        var result = new Dictionary<InstrumentKey, LastPrice>();
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            foreach (var segment in data.EnumerateObject())
            {
                foreach (var entry in segment.Value.EnumerateObject())
                {
                    if (keys.TryGetValue((segment.Name, entry.Name), out var key))
                    {
                        result[key] = new LastPrice(key, long.Parse(entry.Name, CultureInfo.InvariantCulture), Dec(entry.Value, "last_price"));
                    }
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
            ["orderType"] = order.OrderType switch { OrderType.Limit => "LIMIT", OrderType.Market => "MARKET", OrderType.StopLoss => "STOP_LOSS", OrderType.StopLossMarket => "STOP_LOSS_MARKET", _ => throw new ArgumentException($"Dhan has no order type for {order.OrderType}.", nameof(order)) },
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
        return new PlacedOrder(Str(placed, "orderId") ?? throw new BrokerUnavailableException(BrokerKind.Dhan, UnavailableCause.MalformedResponse, 200, null, "No orderId."));
    }

    public Task<PlacedOrder> ModifyOrderAsync(OrderModification modification, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Modifying orders is not available for Dhan yet.");

    public async Task<PlacedOrder> CancelOrderAsync(string orderId, OrderVariety variety, string? parentOrderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var answer = await SendAsync(HttpMethod.Delete, "/orders/" + Uri.EscapeDataString(orderId), null, cancellationToken);
        return new PlacedOrder(answer.ValueKind == JsonValueKind.Object ? Str(answer, "orderId") ?? orderId : orderId);
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

    private static OrderStatus Status(string? status) => status switch
    {
        "TRANSIT" => OrderStatus.Pending,
        "PENDING" or "PART_TRADED" or "CONFIRM" or "TRIGGERED" => OrderStatus.Open,
        "TRADED" or "CLOSED" => OrderStatus.Complete,
        "CANCELLED" or "EXPIRED" => OrderStatus.Cancelled,
        "REJECTED" => OrderStatus.Rejected,
        _ => OrderStatus.Unknown,
    };

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    private static decimal Dec(JsonElement e, string name) =>
        decimal.TryParse(Str(e, name), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d) ? d : 0m;

    private static List<JsonElement> Items(JsonElement root) => root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : [];

    private Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        _transport.SendAsync(method, _apiRoot, path, _clientId, _connection.AccessToken, body, cancellationToken);
}

/// <summary>Dhan's web-generated token: validated with a profile call and stored as the session (reference §1.2 A).</summary>
internal sealed class DhanTokenLogin(DhanTransport transport, TimeProvider time) : IDirectBrokerLogin
{
    public BrokerKind Broker => BrokerKind.Dhan;

    public async Task<SessionGrant> LogInAsync(DirectLoginCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (string.IsNullOrWhiteSpace(credentials.AccessToken))
        {
            throw new ArgumentException("Dhan needs an access token generated on web.dhan.co (the consent flow is not available here yet).", nameof(credentials));
        }

        var client = new DhanClient(transport, new BrokerConnection(BrokerKind.Dhan, credentials.Environment, credentials.ClientId, credentials.AccessToken) { ClientId = credentials.ClientId });
        var (profile, validUntil) = await client.GetProfileWithValidityAsync(cancellationToken);
        return new SessionGrant
        {
            BrokerKind = BrokerKind.Dhan,
            AccessToken = credentials.AccessToken,
            UserId = profile.UserId,
            UserName = profile.UserName,
            ShortName = profile.ShortName,
            Broker = profile.Broker,
            LoginTime = time.GetUtcNow(),
            ExpiresAt = validUntil ?? JwtClaims.Expiry(credentials.AccessToken),
        };
    }
}
