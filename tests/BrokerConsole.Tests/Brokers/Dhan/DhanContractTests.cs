using System.Net;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Brokers.Dhan;
using BrokerConsole.Tests.Brokers.Zerodha;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BrokerConsole.Tests.Brokers.Dhan;

/// <summary>DhanHQ v2 response shapes from the reference (§1.3–1.7) through the real client and a fake server.</summary>
public sealed class DhanContractTests : IDisposable
{
    private const string ClientId = "1000000001";
    private const string Token = "dhan-jwt-canary-55";

    private readonly FakeKiteHandler _handler = new();
    private readonly ServiceProvider _services;

    public DhanContractTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(TimeProvider.System);
        services.AddBrokerClients(new ConfigurationBuilder().Build());
        services.AddHttpClient(DhanTransport.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => _handler);
        _services = services.BuildServiceProvider();
    }

    public void Dispose() => _services.Dispose();

    private IBrokerClient Client() => _services.GetRequiredService<IBrokerClientFactory>()
        .Create(new BrokerConnection(BrokerKind.Dhan, AccountEnvironment.Live, ClientId, Token) { ClientId = ClientId });

    [Fact]
    public async Task Login_validates_the_token_with_profile_and_reads_token_validity_in_ist()
    {
        _handler.ThenJson(HttpStatusCode.OK, """{"dhanClientId":"1000000001","tokenValidity":"25/11/2026 10:30","activeSegment":"Equity, Derivative","ddpi":"Active","mtf":"Deactive","dataPlan":"Active","dataValidity":"2026-12-01"}""");
        var login = _services.GetServices<IDirectBrokerLogin>().Single(l => l.Broker == BrokerKind.Dhan);

        var grant = await login.LogInAsync(new DirectLoginCredentials(AccountEnvironment.Live, ClientId, null) { AccessToken = Token }, CancellationToken.None);

        var request = Assert.Single(_handler.Requests);
        Assert.Equal("https://api.dhan.co/v2/profile", request.Uri.ToString());
        Assert.Equal(Token, request.Header("access-token"));
        Assert.Equal(ClientId, request.Header("client-id"));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal(ClientId, grant.UserId);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.FromHours(5.5)), grant.ExpiresAt);
    }

    [Fact]
    public async Task GetFunds_reads_dhans_own_availabel_balance_spelling()
    {
        _handler.ThenJson(HttpStatusCode.OK, """{"dhanClientId":"1000000001","availabelBalance":98440.5,"sodLimit":113642,"collateralAmount":0.0,"receiveableAmount":0.0,"utilizedAmount":15201.5,"blockedPayoutAmount":0.0,"withdrawableBalance":98310.0}""");

        var funds = await Client().GetFundsAsync(CancellationToken.None);

        Assert.Equal(98440.5m, funds.Equity!.Net);
        Assert.Equal(113642m, funds.Equity.OpeningBalance);
        Assert.Equal(15201.5m, funds.Equity.Utilised);
    }

    [Theory]
    [InlineData("TRANSIT", OrderStatus.Pending)]
    [InlineData("PENDING", OrderStatus.Open)]
    [InlineData("PART_TRADED", OrderStatus.Open)]
    [InlineData("TRADED", OrderStatus.Complete)]
    [InlineData("CANCELLED", OrderStatus.Cancelled)]
    [InlineData("EXPIRED", OrderStatus.Cancelled)]
    [InlineData("REJECTED", OrderStatus.Rejected)]
    public async Task GetOrders_maps_dhan_statuses(string wire, OrderStatus expected)
    {
        _handler.ThenJson(HttpStatusCode.OK, $$"""[{"dhanClientId":"1000000001","orderId":"112111182198","correlationId":"tag1","orderStatus":"{{wire}}","transactionType":"BUY","exchangeSegment":"NSE_EQ","productType":"INTRADAY","orderType":"LIMIT","validity":"DAY","tradingSymbol":"HDFCBANK","securityId":"1333","quantity":5,"price":1700.5,"triggerPrice":0,"remainingQuantity":5,"averageTradedPrice":0,"filledQty":0,"omsErrorDescription":""}]""");

        var order = Assert.Single(await Client().GetOrdersAsync(CancellationToken.None));

        Assert.Equal(expected, order.Status);
        Assert.Equal("HDFCBANK", order.TradingSymbol);
        Assert.Equal("NSE", order.Exchange);
        Assert.Equal(1333, order.InstrumentToken);
        Assert.Equal("tag1", order.Tag);
    }

    [Theory]
    [InlineData("\"12O0.5O\"", "5")]
    [InlineData("1700.5", "99999999999")]
    [InlineData("1700.5", "2.5")]
    public async Task An_order_with_a_value_that_does_not_parse_is_unreadable_and_the_rest_of_the_book_loads(string badPrice, string badQuantity)
    {
        static string Order(string id, string tag, string price, string quantity) => $$"""{"dhanClientId":"1000000001","orderId":"{{id}}","correlationId":"{{tag}}","orderStatus":"PENDING","transactionType":"BUY","exchangeSegment":"NSE_EQ","productType":"INTRADAY","orderType":"LIMIT","validity":"DAY","tradingSymbol":"HDFCBANK","securityId":"1333","quantity":{{quantity}},"price":{{price}},"triggerPrice":0,"remainingQuantity":5,"averageTradedPrice":0,"filledQty":0,"omsErrorDescription":""}""";
        _handler.ThenJson(HttpStatusCode.OK, "[" + Order("11", "bc-bad", badPrice, badQuantity) + "," + Order("12", "bc-good", "1700.5", "5") + "]");

        var orders = await Client().GetOrdersAsync(CancellationToken.None);

        Assert.Equal(2, orders.Count);
        Assert.True(orders[0].IsUnreadable);
        Assert.Equal(("11", "bc-bad", "HDFCBANK", "NSE"), (orders[0].OrderId, orders[0].Tag, orders[0].TradingSymbol, orders[0].Exchange));
        Assert.Equal(0, orders[0].Quantity);
        Assert.False(orders[1].IsUnreadable);
        Assert.Equal((1700.5m, 5), (orders[1].Price, orders[1].Quantity));
    }

    [Fact]
    public async Task PlaceOrder_posts_dhan_fields_with_client_id_and_security_id()
    {
        _handler.ThenJson(HttpStatusCode.OK, """{"orderId":"112111182198","orderStatus":"TRANSIT"}""");

        var placed = await Client().PlaceOrderAsync(new OrderRequest
        {
            TradingSymbol = "1333",
            Exchange = "NSE",
            Side = TransactionType.Buy,
            Quantity = 5,
            OrderType = OrderType.Limit,
            Product = ProductType.Mis,
            Price = 1700.5m,
            Tag = "tag1",
        }, CancellationToken.None);

        Assert.Equal("112111182198", placed.OrderId);
        Assert.Equal("""{"dhanClientId":"1000000001","transactionType":"BUY","exchangeSegment":"NSE_EQ","productType":"INTRADAY","orderType":"LIMIT","validity":"DAY","securityId":"1333","quantity":5,"disclosedQuantity":0,"price":1700.5,"triggerPrice":0,"afterMarketOrder":false,"correlationId":"tag1"}""", _handler.Requests.Single().Body);
    }

    [Fact]
    public async Task GetLastPrices_posts_segment_to_ids_and_reads_last_price()
    {
        _handler.ThenJson(HttpStatusCode.OK, """{"data":{"NSE_EQ":{"11536":{"last_price":4520.0}}},"status":"success"}""");
        var tcs = new InstrumentKey("NSE", "11536");

        var prices = await Client().GetLastPricesAsync([tcs], CancellationToken.None);

        Assert.Equal(4520.0m, prices[tcs].Price);
        Assert.Equal("""{"NSE_EQ":[11536]}""", _handler.Requests.Single().Body);
    }

    [Fact]
    public async Task Dh901_is_session_expired_and_never_echoes_the_token()
    {
        _handler.ThenJson(HttpStatusCode.Unauthorized, $$"""{"errorType":"Invalid_Authentication","errorCode":"DH-901","errorMessage":"Client ID or user generated access token {{Token}} is invalid or expired."}""");

        var error = await Assert.ThrowsAsync<SessionExpiredException>(() => Client().GetPositionsAsync(CancellationToken.None));

        Assert.Equal("DH-901", error.ErrorCode);
        Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, "DH-901", typeof(SessionExpiredException))]
    [InlineData(400, "807", typeof(SessionExpiredException))]
    [InlineData(400, "809", typeof(SessionExpiredException))]
    [InlineData(429, "DH-904", typeof(RateLimitedException))]
    [InlineData(400, "DH-905", typeof(BrokerRejectedException))]
    [InlineData(400, "DH-906", typeof(BrokerRejectedException))]
    [InlineData(403, "DH-902", typeof(PermissionDeniedException))]
    [InlineData(500, "DH-908", typeof(BrokerUnavailableException))]
    public void Map_codes_are_authoritative(int status, string code, Type expected) =>
        Assert.IsType(expected, DhanErrorMap.Map(status, code, "x"));

    [Fact]
    public async Task GetOrderHistory_reads_the_single_order_object_and_dhan_times_in_ist()
    {
        _handler.ThenJson(HttpStatusCode.OK, """{"dhanClientId":"1000000001","orderId":"112111182198","exchangeOrderId":"1100000012345","correlationId":"tag1","orderStatus":"PART_TRADED","transactionType":"SELL","exchangeSegment":"NSE_EQ","productType":"CNC","orderType":"LIMIT","validity":"DAY","tradingSymbol":"SBIN","securityId":"3045","quantity":10,"disclosedQuantity":0,"price":815.5,"triggerPrice":0,"afterMarketOrder":false,"legName":"","createTime":"2026-11-24 09:20:01","updateTime":"2026-11-24 09:21:30","exchangeTime":"2026-11-24 09:20:02","omsErrorCode":"","omsErrorDescription":"","remainingQuantity":4,"averageTradedPrice":815.5,"filledQty":6}""");

        var order = Assert.Single(await Client().GetOrderHistoryAsync("112111182198", CancellationToken.None));

        Assert.Equal("https://api.dhan.co/v2/orders/112111182198", _handler.Requests.Single().Uri.ToString());
        Assert.Equal(HttpMethod.Get, _handler.Requests.Single().Method);
        Assert.Equal((OrderStatus.Open, 6, 4, TransactionType.Sell, ProductType.Cnc), (order.Status, order.FilledQuantity, order.PendingQuantity, order.TransactionType, order.Product));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 20, 1, TimeSpan.FromHours(5.5)), order.PlacedAt);
    }

    [Fact]
    public async Task GetOrderHistory_accepts_a_one_element_array()
    {
        _handler.ThenJson(HttpStatusCode.OK, """[{"orderId":"1","orderStatus":"TRANSIT","exchangeSegment":"NSE_EQ","tradingSymbol":"SBIN","securityId":"3045","quantity":1}]""");

        Assert.Equal(OrderStatus.Pending, Assert.Single(await Client().GetOrderHistoryAsync("1", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task ModifyOrder_reads_the_order_then_puts_the_whole_new_shape()
    {
        _handler.ThenJson(HttpStatusCode.OK, """{"orderId":"112111182198","orderStatus":"PENDING","transactionType":"BUY","exchangeSegment":"NSE_EQ","productType":"INTRADAY","orderType":"LIMIT","validity":"DAY","tradingSymbol":"HDFCBANK","securityId":"1333","quantity":5,"disclosedQuantity":0,"price":1700.5,"triggerPrice":0,"remainingQuantity":5,"filledQty":0}""")
            .ThenJson(HttpStatusCode.OK, """{"orderId":"112111182198","orderStatus":"TRANSIT"}""");

        var placed = await Client().ModifyOrderAsync(new OrderModification { OrderId = "112111182198", Price = 1690m }, CancellationToken.None);

        Assert.Equal("112111182198", placed.OrderId);
        var put = _handler.Requests[1];
        Assert.Equal(HttpMethod.Put, put.Method);
        Assert.Equal("https://api.dhan.co/v2/orders/112111182198", put.Uri.ToString());
        Assert.Equal("""{"dhanClientId":"1000000001","orderId":"112111182198","orderType":"LIMIT","legName":"ENTRY_LEG","quantity":5,"price":1690,"disclosedQuantity":0,"triggerPrice":0,"validity":"DAY"}""", put.Body);
        Assert.Equal(Token, put.Header("access-token"));
    }

    [Fact]
    public async Task GetTrades_reads_the_trade_book_and_the_trades_of_one_order()
    {
        const string Trade = """{"dhanClientId":"1000000001","orderId":"112111182198","exchangeOrderId":"1100000012345","exchangeTradeId":"15464712","transactionType":"BUY","exchangeSegment":"NSE_EQ","productType":"INTRADAY","orderType":"LIMIT","tradingSymbol":"HDFCBANK","securityId":"1333","tradedQuantity":5,"tradedPrice":1700.5,"createTime":"2026-11-24 09:20:01","updateTime":"2026-11-24 09:20:03","exchangeTime":"2026-11-24 09:20:03","drvExpiryDate":"NA","drvOptionType":"NA","drvStrikePrice":0.0}""";
        _handler.ThenJson(HttpStatusCode.OK, "[" + Trade + "]").ThenJson(HttpStatusCode.OK, "[" + Trade + "]");

        var all = Assert.Single(await Client().GetTradesAsync(CancellationToken.None));
        var one = Assert.Single(await Client().GetOrderTradesAsync("112111182198", CancellationToken.None));

        Assert.Equal(["https://api.dhan.co/v2/trades", "https://api.dhan.co/v2/trades/112111182198"], _handler.Requests.Select(r => r.Uri.ToString()));
        Assert.Equal(all, one);
        Assert.Equal(("15464712", "112111182198", "HDFCBANK", "NSE", 1333L, 5, 1700.5m, ProductType.Mis), (one.TradeId, one.OrderId, one.TradingSymbol, one.Exchange, one.InstrumentToken, one.Quantity, one.AveragePrice, one.Product));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 20, 3, TimeSpan.FromHours(5.5)), one.ExchangeTimestamp);
    }

    [Fact]
    public async Task GetHoldings_reads_dhan_fields_and_treats_dh907_no_data_as_empty()
    {
        _handler.ThenJson(HttpStatusCode.OK, """[{"exchange":"ALL","tradingSymbol":"HDFCBANK","securityId":"1333","isin":"INE040A01034","totalQty":12,"dpQty":12,"t1Qty":2,"availableQty":10,"collateralQty":0,"avgCostPrice":1620.0,"lastTradedPrice":1712.35}]""")
            .ThenJson(HttpStatusCode.BadRequest, """{"errorType":"Data_Error","errorCode":"DH-907","errorMessage":"No holdings available"}""");

        var holding = Assert.Single(await Client().GetHoldingsAsync(CancellationToken.None));
        Assert.Equal(("HDFCBANK", "INE040A01034", 12, 2, 1620.0m, 1712.35m), (holding.TradingSymbol, holding.Isin, holding.Quantity, holding.T1Quantity, holding.AveragePrice, holding.LastPrice));
        Assert.Empty(await Client().GetHoldingsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task PinTotp_login_posts_everything_in_the_query_with_a_computed_totp_and_no_body()
    {
        const string Seed = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U";
        _handler.ThenJson(HttpStatusCode.OK, """{"dhanClientId":"1000000001","dhanClientName":"Demo","dhanClientUcc":"ABCD1234","givenPowerOfAttorney":false,"accessToken":"eyJ.new.token","expiryTime":"2026-11-25T10:30:00"}""");
        var login = _services.GetServices<IDirectBrokerLogin>().Single(l => l.Broker == BrokerKind.Dhan);
        var before = DateTimeOffset.UtcNow;

        var grant = await login.LogInAsync(new DirectLoginCredentials(AccountEnvironment.Live, ClientId, null) { Mpin = "246810", TotpSecret = Seed }, CancellationToken.None);

        var request = Assert.Single(_handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("auth.dhan.co", request.Uri.Host);
        Assert.Equal("/app/generateAccessToken", request.Uri.AbsolutePath);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.Uri.Query);
        Assert.Equal((ClientId, "246810"), (query["dhanClientId"].ToString(), query["pin"].ToString()));
        Assert.Contains(query["totp"].ToString(), new[] { before, DateTimeOffset.UtcNow }.Select(t => BrokerConsole.Core.Credentials.TotpSeed.Parse(Seed).CodeAt(t).Value));
        Assert.True(string.IsNullOrEmpty(request.Body));
        Assert.Equal(("eyJ.new.token", ClientId, "Demo"), (grant.AccessToken, grant.UserId, grant.UserName));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.FromHours(5.5)), grant.ExpiresAt);
    }

    [Fact]
    public async Task Consent_generates_with_app_headers_then_consumes_the_token_id_by_get()
    {
        _handler.ThenJson(HttpStatusCode.OK, """{"consentAppId":"940b0ca1-3ff4-4476-b46e-03a3ce7dc55d","consentAppStatus":"GENERATED","status":"success"}""")
            .ThenJson(HttpStatusCode.OK, """{"dhanClientId":"1000000001","dhanClientName":"Demo","dhanClientUcc":"ABCD1234","givenPowerOfAttorney":true,"accessToken":"eyJ.consent.token","expiryTime":"2026-11-25T09:15:00.000+05:30"}""");
        var login = Assert.IsAssignableFrom<IConsentPopupLogin>(_services.GetServices<IPopupBrokerLogin>().Single(l => l.Broker == BrokerKind.Dhan));

        var page = await login.CreateLoginUriAsync(AccountEnvironment.Live, ClientId, "dhan-app-01", "dhan-secret-canary-71", CancellationToken.None);
        var grant = await login.ExchangeAsync(AccountEnvironment.Live, "dhan-app-01", "dhan-secret-canary-71", "token-id-1", CancellationToken.None);

        Assert.Equal("https://auth.dhan.co/login/consentApp-login?consentAppId=940b0ca1-3ff4-4476-b46e-03a3ce7dc55d", page.ToString());
        var (generate, consume) = (_handler.Requests[0], _handler.Requests[1]);
        Assert.Equal((HttpMethod.Post, "https://auth.dhan.co/app/generate-consent?client_id=1000000001"), (generate.Method, generate.Uri.ToString()));
        Assert.Equal((HttpMethod.Get, "https://auth.dhan.co/app/consumeApp-consent?tokenId=token-id-1"), (consume.Method, consume.Uri.ToString()));
        foreach (var request in _handler.Requests)
        {
            Assert.Equal(("dhan-app-01", "dhan-secret-canary-71"), (request.Header("app_id"), request.Header("app_secret")));
            Assert.Null(request.Header("access-token"));
        }

        Assert.Equal(("eyJ.consent.token", ClientId), (grant.AccessToken, grant.UserId));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 9, 15, 0, TimeSpan.FromHours(5.5)), grant.ExpiresAt);
    }

    [Fact]
    public async Task Auth_host_refusals_are_rejections_and_never_echo_the_secret()
    {
        _handler.ThenJson(HttpStatusCode.Unauthorized, """{"errorType":"Invalid_Authentication","errorCode":"DH-901","errorMessage":"Invalid app_secret dhan-secret-canary-71"}""")
            .ThenJson(HttpStatusCode.TooManyRequests, """{"errorType":"Rate_Limit","errorCode":"DH-904","errorMessage":"Consent limit reached"}""");
        var login = (IConsentPopupLogin)_services.GetServices<IPopupBrokerLogin>().Single(l => l.Broker == BrokerKind.Dhan);

        var refused = await Assert.ThrowsAsync<BrokerRejectedException>(() => login.CreateLoginUriAsync(AccountEnvironment.Live, ClientId, "dhan-app-01", "dhan-secret-canary-71", CancellationToken.None));
        await Assert.ThrowsAsync<RateLimitedException>(() => login.CreateLoginUriAsync(AccountEnvironment.Live, ClientId, "dhan-app-01", "dhan-secret-canary-71", CancellationToken.None));

        Assert.DoesNotContain("dhan-secret-canary-71", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CONFIRM", OrderStatus.Open)]
    [InlineData("TRIGGERED", OrderStatus.Open)]
    [InlineData("CLOSED", OrderStatus.Complete)]
    [InlineData("SOMETHING_NEW", OrderStatus.Unknown)]
    public void Status_takes_the_union_of_the_annexures(string wire, OrderStatus expected) =>
        Assert.Equal(expected, DhanClient.Status(wire));
}
