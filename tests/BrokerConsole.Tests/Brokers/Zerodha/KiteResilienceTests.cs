using System.Net;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Tests.Brokers.Conformance;

namespace BrokerConsole.Tests.Brokers.Zerodha;

/// <summary>Retries only for reads; local rate limits fail fast instead of queueing for ever.</summary>
public sealed class KiteResilienceTests
{
    private const string Unavailable = """{"status":"error","message":"Couldn't reach the OMS.","error_type":"NetworkException","data":null}""";
    private static readonly TimeSpan _guard = TimeSpan.FromSeconds(30);
    private readonly CancellationToken _ct = CancellationToken.None;

    [Fact]
    public async Task Get_503_then_success_is_retried_and_succeeds()
    {
        using var host = new KiteTestHost();
        host.Handler.ThenJson(HttpStatusCode.ServiceUnavailable, Unavailable).ThenMock("orders");

        var orders = await host.Client().GetOrdersAsync(_ct);

        Assert.Equal(10, orders.Count);
        Assert.Equal(2, host.Handler.Requests.Count);
        Assert.All(host.Handler.Requests, r => Assert.Equal("/orders", r.Uri.AbsolutePath));
    }

    [Fact]
    public async Task Get_timeout_then_success_is_retried_and_succeeds()
    {
        var clock = new WireClock();
        using var host = new KiteTestHost(new Dictionary<string, string?>
        {
            ["Brokers:Zerodha:RequestTimeout"] = "00:00:01",
            ["Brokers:Zerodha:ReadRetryBaseDelay"] = "00:00:00.100",
        }, wireClock: clock);
        host.Handler.ThenHang().ThenMock("profile");

        var reading = host.Client().GetProfileAsync(_ct);
        // The first attempt's timeout, then the backoff: both on the fake clock, advanced once each has started.
        Assert.Equal(TimeSpan.FromSeconds(1), await clock.AdvancePastNextWaitAsync(TimeSpan.FromSeconds(1), _ct).WaitAsync(_guard));
        await clock.AdvancePastNextWaitAsync(TimeSpan.FromMilliseconds(500), _ct).WaitAsync(_guard);
        var profile = await reading.WaitAsync(_guard);

        Assert.Equal("AB1234", profile.UserId);
        Assert.Equal(2, host.Handler.Requests.Count);
    }

    [Fact]
    public async Task Get_persistent_503_gives_up_after_configured_retries()
    {
        using var host = new KiteTestHost(new Dictionary<string, string?> { ["Brokers:Zerodha:ReadRetryCount"] = "2" });
        host.Handler.ThenJson(HttpStatusCode.ServiceUnavailable, Unavailable);

        var ex = await Assert.ThrowsAsync<BrokerUnavailableException>(() => host.Client().GetPositionsAsync(_ct));

        Assert.Equal(UnavailableCause.ServerError, ex.Cause);
        Assert.Equal(3, host.Handler.Requests.Count);
    }

    [Fact]
    public async Task Get_session_expired_is_not_retried()
    {
        using var host = new KiteTestHost();
        host.Handler.ThenError(HttpStatusCode.Forbidden, "TokenException", "Incorrect `api_key` or `access_token`.");

        await Assert.ThrowsAsync<SessionExpiredException>(() => host.Client().GetHoldingsAsync(_ct));

        Assert.Single(host.Handler.Requests);
    }

    [Fact]
    public async Task PlaceOrder_503_is_not_retried()
    {
        using var host = new KiteTestHost();
        host.Handler.ThenJson(HttpStatusCode.ServiceUnavailable, Unavailable).ThenMock("order_response");

        await Assert.ThrowsAsync<BrokerUnavailableException>(() => host.Client().PlaceOrderAsync(
            new OrderRequest { TradingSymbol = "INFY", Exchange = "NSE", Side = TransactionType.Buy, Quantity = 1, OrderType = OrderType.Market, Product = ProductType.Cnc, MarketProtection = -1m },
            _ct));

        var seen = Assert.Single(host.Handler.Requests);
        Assert.Equal(HttpMethod.Post, seen.Method);
        Assert.Equal("/orders/regular", seen.Uri.AbsolutePath);
    }

    [Fact]
    public async Task PlaceOrder_timeout_is_not_retried()
    {
        using var host = new KiteTestHost(new Dictionary<string, string?> { ["Brokers:Zerodha:RequestTimeout"] = "00:00:00.200" });
        host.Handler.ThenHang().ThenMock("order_response");

        var ex = await Assert.ThrowsAsync<BrokerUnavailableException>(() => host.Client().PlaceOrderAsync(
            new OrderRequest { TradingSymbol = "INFY", Exchange = "NSE", Side = TransactionType.Buy, Quantity = 1, OrderType = OrderType.Limit, Product = ProductType.Cnc, Price = 1m },
            _ct));

        Assert.Equal(UnavailableCause.Timeout, ex.Cause);
        Assert.Single(host.Handler.Requests);
    }

    [Fact]
    public async Task ModifyAndCancel_503_are_not_retried()
    {
        using var host = new KiteTestHost();
        host.Handler.ThenJson(HttpStatusCode.ServiceUnavailable, Unavailable);
        var client = host.Client();

        await Assert.ThrowsAsync<BrokerUnavailableException>(() => client.ModifyOrderAsync(new OrderModification { OrderId = "1", Price = 2m }, _ct));
        await Assert.ThrowsAsync<BrokerUnavailableException>(() => client.CancelOrderAsync("1", OrderVariety.Regular, null, _ct));

        Assert.Equal([HttpMethod.Put, HttpMethod.Delete], host.Handler.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task ExchangeRequestToken_503_is_not_retried()
    {
        using var host = new KiteTestHost();
        host.Handler.ThenJson(HttpStatusCode.ServiceUnavailable, Unavailable).ThenMock("generate_session");

        await Assert.ThrowsAsync<BrokerUnavailableException>(() =>
            host.Exchanger.ExchangeRequestTokenAsync(AccountEnvironment.Live, "key123", "secret", "req", _ct));

        Assert.Single(host.Handler.Requests);
    }

    [Fact]
    public async Task Quote_second_call_within_window_and_no_wait_allowed_throws_local_rate_limited()
    {
        using var host = new KiteTestHost(new Dictionary<string, string?> { ["Brokers:Zerodha:RateLimitMaxWait"] = "00:00:00.050" });
        host.Handler.ThenMock("ltp");
        var client = host.Client();

        await client.GetLastPricesAsync([new("NSE", "INFY")], _ct);
        var ex = await Assert.ThrowsAsync<RateLimitedException>(() => client.GetLastPricesAsync([new("NSE", "INFY")], _ct));

        Assert.True(ex.IsLocal);
        Assert.NotNull(ex.RetryAfter);
        Assert.Single(host.Handler.Requests);
    }

    [Fact]
    public async Task Quote_second_call_within_allowed_wait_is_delayed_not_refused()
    {
        var clock = new WireClock();
        using var host = new KiteTestHost(wireClock: clock);
        host.Handler.ThenMock("ltp");
        var client = host.Client();

        await client.GetLastPricesAsync([new("NSE", "INFY")], _ct);
        var second = client.GetLastPricesAsync([new("NSE", "INFY")], _ct);
        // Quotes are 1/s: the second call waits for the window (on the fake clock), then goes.
        var waited = await clock.AdvancePastNextWaitAsync(TimeSpan.FromSeconds(2), _ct).WaitAsync(_guard);
        await second.WaitAsync(_guard);

        Assert.InRange(waited, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2));
        Assert.Equal(2, host.Handler.Requests.Count);
    }

    [Fact]
    public async Task RateLimit_other_api_key_has_its_own_window()
    {
        using var host = new KiteTestHost(new Dictionary<string, string?> { ["Brokers:Zerodha:RateLimitMaxWait"] = "00:00:00.050" });
        host.Handler.ThenMock("ltp");
        var factory = (IBrokerClientFactory)host.Services.GetService(typeof(IBrokerClientFactory))!;

        await host.Client().GetLastPricesAsync([new("NSE", "INFY")], _ct);
        await factory.Create(new BrokerConnection(BrokerKind.Zerodha, AccountEnvironment.Live, "otherkey", "tok")).GetLastPricesAsync([new("NSE", "INFY")], _ct);

        Assert.Equal(2, host.Handler.Requests.Count);
    }
}
