using System.Net;
using System.Security.Cryptography;
using System.Text;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Brokers.Fyers;
using BrokerConsole.Tests.Brokers.Zerodha;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BrokerConsole.Tests.Brokers.Fyers;

/// <summary>Fyers v3 response shapes from the reference (§2.2–2.7) through the real client and a fake server.</summary>
public sealed class FyersContractTests : IDisposable
{
    private const string AppId = "XC4EOD67IM-100";
    private const string Token = "fy-token-canary-77";

    private readonly FakeKiteHandler _handler = new();
    private readonly ServiceProvider _services;

    public FyersContractTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(TimeProvider.System);
        services.AddBrokerClients(new ConfigurationBuilder().Build());
        services.AddHttpClient(FyersTransport.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => _handler);
        _services = services.BuildServiceProvider();
    }

    public void Dispose() => _services.Dispose();

    private IBrokerClient Client() =>
        _services.GetRequiredService<IBrokerClientFactory>().Create(new BrokerConnection(BrokerKind.Fyers, AccountEnvironment.Live, AppId, Token));

    private IPopupBrokerLogin Login => _services.GetServices<IPopupBrokerLogin>().Single(l => l.Broker == BrokerKind.Fyers);

    [Fact]
    public async Task GetProfile_sends_the_scheme_less_app_id_token_header_and_maps_data()
    {
        _handler.ThenJson(HttpStatusCode.OK, """{"s":"ok","code":200,"message":"","data":{"fy_id":"XA00001","name":"ASHA RAO","display_name":"ASHA","email_id":"a***@example.test"}}""");

        var profile = await Client().GetProfileAsync(CancellationToken.None);

        var request = Assert.Single(_handler.Requests);
        Assert.Equal("https://api-t1.fyers.in/api/v3/profile", request.Uri.ToString());
        Assert.Equal($"{AppId}:{Token}", request.Header("Authorization"));
        Assert.Equal("XA00001", profile.UserId);
        Assert.Equal("ASHA RAO", profile.UserName);
    }

    [Fact]
    public async Task GetFunds_reads_fund_limit_rows_by_id()
    {
        _handler.ThenJson(HttpStatusCode.OK, """
            {"s":"ok","code":200,"message":"","fund_limit":[{"id":1,"title":"Total Balance","equityAmount":1000.5,"commodityAmount":0},
             {"id":2,"title":"Utilized Amount","equityAmount":200,"commodityAmount":0},{"id":3,"title":"Clear Balance","equityAmount":900,"commodityAmount":0},
             {"id":10,"title":"Available Balance","equityAmount":800.5,"commodityAmount":12}]}
            """);

        var funds = await Client().GetFundsAsync(CancellationToken.None);

        Assert.Equal(800.5m, funds.Equity!.Net);
        Assert.Equal(900m, funds.Equity.AvailableCash);
        Assert.Equal(200m, funds.Equity.Utilised);
    }

    [Fact]
    public async Task GetOrders_maps_integer_statuses_sides_types_and_user_tags()
    {
        static string Order(string id, int status, string tag) => $$"""
            {"id":"{{id}}","exchOrdId":"","symbol":"NSE:SBIN-EQ","qty":10,"remainingQuantity":6,"filledQty":4,"status":{{status}},"message":"",
             "limitPrice":800.5,"stopPrice":0,"productType":"INTRADAY","type":1,"side":-1,"disclosedQty":0,"orderValidity":"DAY",
             "orderDateTime":"24-Nov-2026 10:15:32","tradedPrice":0,"offlineOrder":false,"orderTag":"{{tag}}"}
            """;
        _handler.ThenJson(HttpStatusCode.OK, $$"""{"s":"ok","code":200,"message":"","orderBook":[{{Order("1", 6, "1:bc1")}},{{Order("2", 2, "2:Untagged")}},{{Order("3", 1, "")}},{{Order("4", 4, "")}},{{Order("5", 5, "")}},{{Order("6", 7, "")}}]}""");

        var orders = await Client().GetOrdersAsync(CancellationToken.None);

        Assert.Equal([OrderStatus.Open, OrderStatus.Complete, OrderStatus.Cancelled, OrderStatus.Pending, OrderStatus.Rejected, OrderStatus.Cancelled], orders.Select(o => o.Status));
        var open = orders[0];
        Assert.Equal("SBIN-EQ", open.TradingSymbol);
        Assert.Equal("NSE", open.Exchange);
        Assert.Equal(TransactionType.Sell, open.TransactionType);
        Assert.Equal(OrderType.Limit, open.OrderType);
        Assert.Equal(ProductType.Mis, open.Product);
        Assert.Equal(4, open.FilledQuantity);
        Assert.Equal(6, open.PendingQuantity);
        Assert.Equal(800.5m, open.Price);
        Assert.Equal("bc1", open.Tag);
        Assert.Null(orders[1].Tag);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 15, 32, TimeSpan.FromHours(5.5)), open.PlacedAt);
    }

    [Fact]
    public async Task An_order_with_a_price_that_is_not_a_number_is_unreadable_and_the_rest_of_the_book_loads()
    {
        static string Order(string id, string price, string tag) => $$"""
            {"id":"{{id}}","exchOrdId":"","symbol":"NSE:SBIN-EQ","qty":10,"remainingQuantity":10,"filledQty":0,"status":6,"message":"",
             "limitPrice":{{price}},"stopPrice":0,"productType":"INTRADAY","type":1,"side":1,"disclosedQty":0,"orderValidity":"DAY",
             "orderDateTime":"24-Nov-2026 10:15:32","tradedPrice":0,"offlineOrder":false,"orderTag":"{{tag}}"}
            """;
        _handler.ThenJson(HttpStatusCode.OK, $$"""{"s":"ok","code":200,"message":"","orderBook":[{{Order("1", "\"12O0.5O\"", "1:bc-bad")}},{{Order("2", "800.5", "1:bc-good")}}]}""");

        var orders = await Client().GetOrdersAsync(CancellationToken.None);

        Assert.Equal(2, orders.Count);
        var unreadable = orders[0];
        Assert.True(unreadable.IsUnreadable);
        Assert.Equal(("1", "bc-bad", "SBIN-EQ", "NSE"), (unreadable.OrderId, unreadable.Tag, unreadable.TradingSymbol, unreadable.Exchange));
        Assert.Equal(0m, unreadable.Price);
        Assert.False(orders[1].IsUnreadable);
        Assert.Equal(800.5m, orders[1].Price);
    }

    [Fact]
    public async Task PlaceOrder_posts_numeric_codes_to_orders_sync_and_reads_the_id()
    {
        _handler.ThenJson(HttpStatusCode.OK, """{"s":"ok","code":1101,"message":"Order submitted successfully. Your Order Ref. No.808058117761","id":"808058117761"}""");

        var placed = await Client().PlaceOrderAsync(new OrderRequest
        {
            TradingSymbol = "SBIN",
            Exchange = "NSE",
            Side = TransactionType.Sell,
            Quantity = 3,
            OrderType = OrderType.StopLoss,
            Product = ProductType.Cnc,
            Price = 801m,
            TriggerPrice = 800m,
            Tag = "t9",
        }, CancellationToken.None);

        Assert.Equal("808058117761", placed.OrderId);
        var request = Assert.Single(_handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/api/v3/orders/sync", request.Uri.AbsolutePath);
        Assert.Equal("""{"symbol":"NSE:SBIN-EQ","qty":3,"type":4,"side":-1,"productType":"CNC","limitPrice":801,"stopPrice":800,"validity":"DAY","disclosedQty":0,"offlineOrder":false,"stopLoss":0,"takeProfit":0,"orderTag":"t9"}""", request.Body);
    }

    [Fact]
    public async Task CancelOrder_sends_delete_with_a_json_body()
    {
        _handler.ThenJson(HttpStatusCode.OK, """{"s":"ok","code":1103,"message":"Successfully cancelled order","id":"808058117761"}""");

        await Client().CancelOrderAsync("808058117761", OrderVariety.Regular, null, CancellationToken.None);

        var request = Assert.Single(_handler.Requests);
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.Equal("""{"id":"808058117761"}""", request.Body);
    }

    [Fact]
    public async Task GetLastPrices_uses_the_data_host_quotes_and_reads_v_lp()
    {
        _handler.ThenJson(HttpStatusCode.OK, """{"s":"ok","code":200,"d":[{"n":"NSE:SBIN-EQ","s":"ok","v":{"lp":426.9,"fyToken":"10100000003045"}},{"n":"NSE:NOPE-EQ","s":"error","v":{"errmsg":"invalid symbol"}}]}""");
        var sbin = new InstrumentKey("NSE", "SBIN");

        var prices = await Client().GetLastPricesAsync([sbin, new InstrumentKey("NSE", "NOPE")], CancellationToken.None);

        Assert.Equal(426.9m, Assert.Single(prices).Value.Price);
        Assert.Equal("/data/quotes?symbols=NSE%3ASBIN-EQ%2CNSE%3ANOPE-EQ", _handler.Requests.Single().Uri.PathAndQuery);
    }

    [Fact]
    public async Task Expired_token_401_minus_16_is_session_expired()
    {
        _handler.ThenJson(HttpStatusCode.Unauthorized, """{"s":"error","code":-16,"message":"Could not authenticate the user"}""");

        var error = await Assert.ThrowsAsync<SessionExpiredException>(() => Client().GetPositionsAsync(CancellationToken.None));
        Assert.Equal("-16", error.ErrorCode);
    }

    [Fact]
    public async Task Exchange_posts_the_sha256_app_id_hash_and_never_echoes_the_secret()
    {
        const string Secret = "fyers-secret-canary";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AppId + ":" + Secret)));
        _handler
            .ThenJson(HttpStatusCode.OK, """{"s":"ok","code":200,"message":"","access_token":"eyJ.tok","refresh_token":"r"}""")
            .ThenJson(HttpStatusCode.OK, """{"s":"ok","code":200,"message":"","data":{"fy_id":"XA00001","name":"ASHA RAO"}}""");

        var grant = await Login.ExchangeAsync(AccountEnvironment.Live, AppId, Secret, "auth-code-1", CancellationToken.None);

        var validate = _handler.Requests[0];
        Assert.Equal("/api/v3/validate-authcode", validate.Uri.AbsolutePath);
        Assert.Null(validate.Header("Authorization"));
        Assert.Equal($$"""{"grant_type":"authorization_code","appIdHash":"{{hash}}","code":"auth-code-1"}""", validate.Body);
        Assert.Equal("eyJ.tok", grant.AccessToken);
        Assert.Equal("XA00001", grant.UserId);

        _handler.ThenJson(HttpStatusCode.BadRequest, $$"""{"s":"error","code":-371,"message":"bad hash {{hash}} for {{Secret}}"}""");
        var error = await Assert.ThrowsAsync<BrokerRejectedException>(() => Login.ExchangeAsync(AccountEnvironment.Live, AppId, Secret, "auth-code-2", CancellationToken.None));
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(hash, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Login_uri_carries_app_id_redirect_and_state()
    {
        var uri = Login.BuildLoginUri(AccountEnvironment.Live, AppId, "http://localhost:5080/connect/fyers/callback", "st8");
        Assert.Equal("https://api-t1.fyers.in/api/v3/generate-authcode?client_id=XC4EOD67IM-100&redirect_uri=http%3A%2F%2Flocalhost%3A5080%2Fconnect%2Ffyers%2Fcallback&response_type=code&state=st8", uri.ToString());
    }

    [Fact]
    public async Task ModifyOrder_patches_orders_sync_with_only_the_changed_fields()
    {
        _handler.ThenJson(HttpStatusCode.OK, """{"s":"ok","code":1102,"message":"Successfully modified order","id":"808058117761"}""");

        var result = await Client().ModifyOrderAsync(new OrderModification { OrderId = "808058117761", Price = 101.5m, OrderType = OrderType.Limit }, CancellationToken.None);

        var request = Assert.Single(_handler.Requests);
        Assert.Equal(HttpMethod.Patch, request.Method);
        Assert.Equal("https://api-t1.fyers.in/api/v3/orders/sync", request.Uri.ToString());
        using var body = System.Text.Json.JsonDocument.Parse(request.Body!);
        Assert.Equal(["id", "limitPrice", "type"], body.RootElement.EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Equal(1, body.RootElement.GetProperty("type").GetInt32());
        Assert.Equal(101.5m, body.RootElement.GetProperty("limitPrice").GetDecimal());
        Assert.Equal("808058117761", result.OrderId);
    }

    [Fact]
    public async Task GetOrderHistory_reads_the_one_element_order_book_of_orders_by_id()
    {
        _handler.ThenJson(HttpStatusCode.OK, """
            {"s":"ok","code":200,"message":"","orderBook":[{"id":"808058117761","exchOrdId":"1100000008117761","symbol":"NSE:SBIN-EQ","qty":2,
             "remainingQuantity":0,"filledQty":2,"status":2,"message":"","segment":10,"limitPrice":0,"stopPrice":0,"productType":"CNC","type":2,
             "side":-1,"disclosedQty":0,"orderValidity":"DAY","orderDateTime":"24-Nov-2026 10:15:02","tradedPrice":812.4,"orderTag":"1:abc1"}]}
            """);

        var history = await Client().GetOrderHistoryAsync("808058117761", CancellationToken.None);

        Assert.Equal("/api/v3/orders?id=808058117761", Assert.Single(_handler.Requests).PathAndQuery);
        var order = Assert.Single(history);
        Assert.Equal((OrderStatus.Complete, "2", TransactionType.Sell, OrderType.Market), (order.Status, order.RawStatus, order.TransactionType, order.OrderType));
        Assert.Equal((2, 812.4m, "abc1"), (order.FilledQuantity, order.AveragePrice, order.Tag));
    }

    [Fact]
    public async Task GetOrderHistory_of_an_unknown_id_is_a_rejection_with_code_minus_51()
    {
        _handler.ThenJson(HttpStatusCode.BadRequest, """{"s":"error","code":-51,"message":"Invalid order id"}""");

        var ex = await Assert.ThrowsAsync<BrokerRejectedException>(() => Client().GetOrderHistoryAsync("1", CancellationToken.None));

        Assert.Equal("-51", ex.ErrorCode);
    }

    [Fact]
    public async Task GetTrades_maps_the_trade_book_rows()
    {
        _handler.ThenJson(HttpStatusCode.OK, """
            {"s":"ok","code":200,"message":"","tradeBook":[{"clientId":"XA00001","orderDateTime":"24-Nov-2026 10:15:02","orderNumber":"808058117761",
             "exchangeOrderNo":"1100000008117761","exchange":10,"side":1,"segment":10,"orderType":2,"fyToken":"10100000003045","productType":"INTRADAY",
             "tradedQty":2,"tradePrice":812.4,"tradeValue":1624.8,"tradeNumber":"52605023","row":1,"symbol":"NSE:SBIN-EQ","orderTag":"2:Untagged"}]}
            """);

        var trade = Assert.Single(await Client().GetTradesAsync(CancellationToken.None));

        Assert.Equal("/api/v3/tradebook", Assert.Single(_handler.Requests).PathAndQuery);
        Assert.Equal(("52605023", "808058117761", "SBIN-EQ", "NSE"), (trade.TradeId, trade.OrderId, trade.TradingSymbol, trade.Exchange));
        Assert.Equal((2, 812.4m, TransactionType.Buy, ProductType.Mis), (trade.Quantity, trade.AveragePrice, trade.TransactionType, trade.Product));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 15, 2, TimeSpan.FromHours(5.5)), trade.FilledAt);
    }

    [Theory]
    [InlineData(401, -16)]
    [InlineData(401, -8)]
    [InlineData(400, -17)]
    [InlineData(400, -15)]
    public async Task Modify_meeting_an_expiry_code_is_session_expired(int status, int code)
    {
        _handler.ThenJson((HttpStatusCode)status, $$"""{"s":"error","code":{{code}},"message":"Could not authenticate the user"}""");

        await Assert.ThrowsAsync<SessionExpiredException>(() => Client().ModifyOrderAsync(new OrderModification { OrderId = "1", Quantity = 2 }, CancellationToken.None));
    }
}

public sealed class FyersErrorMapTests
{
    [Theory]
    [InlineData(401, -16)]
    [InlineData(400, -8)]
    [InlineData(400, -15)]
    [InlineData(400, -17)]
    public void Map_expiry_codes_are_session_expired(int status, int code) =>
        Assert.IsType<SessionExpiredException>(FyersErrorMap.Map(status, code, "token"));

    [Fact]
    public void Map_rate_limit_is_rate_limited() => Assert.IsType<RateLimitedException>(FyersErrorMap.Map(429, -429, "request limit reached"));

    [Theory]
    [InlineData(-50)]
    [InlineData(-51)]
    [InlineData(-99)]
    [InlineData(-300)]
    [InlineData(-437)]
    public void Map_request_codes_are_rejections(int code) => Assert.IsType<BrokerRejectedException>(FyersErrorMap.Map(400, code, "no"));

    [Fact]
    public void Map_html_5xx_is_unavailable() => Assert.IsType<BrokerUnavailableException>(FyersErrorMap.Map(502, null, null));
}
