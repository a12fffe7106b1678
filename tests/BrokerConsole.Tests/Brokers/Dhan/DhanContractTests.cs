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
    public void Map_static_ip_refusal_is_shown_as_exactly_that() =>
        Assert.IsType<StaticIpRejectedException>(DhanErrorMap.Map(403, "DH-902", "Order rejected: request IP 10.0.0.5 is not the static IP registered for this client."));
}
