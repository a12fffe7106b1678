using System.Net;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;

namespace BrokerConsole.Tests.Brokers.Zerodha;

/// <summary>What leaves the client: method, path, headers, form body and query encoding of each call.</summary>
public sealed class KiteRequestShapeTests : IDisposable
{
    private const string Ok = """{"status":"success","data":{"order_id":"1"}}""";
    private readonly KiteTestHost _host = new(new Dictionary<string, string?> { ["Brokers:Zerodha:QuoteRequestsPerSecond"] = "20" });
    private readonly CancellationToken _ct = CancellationToken.None;

    public void Dispose() => _host.Dispose();

    public static TheoryData<string, string, string> Reads => new()
    {
        { "profile", "GET", "/user/profile" },
        { "funds", "GET", "/user/margins" },
        { "orders", "GET", "/orders" },
        { "history", "GET", "/orders/171229000724687" },
        { "trades", "GET", "/trades" },
        { "order-trades", "GET", "/orders/171229000724687/trades" },
        { "positions", "GET", "/portfolio/positions" },
        { "holdings", "GET", "/portfolio/holdings" },
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Read_any_endpoint_sends_get_with_version_and_token_headers(string call, string method, string path)
    {
        var mock = call switch
        {
            "profile" => "profile",
            "funds" => "margins",
            "orders" => "orders",
            "history" => "order_info",
            "trades" => "trades",
            "order-trades" => "order_trades",
            "positions" => "positions",
            _ => "holdings",
        };
        _host.Handler.ThenMock(mock);
        var client = _host.Client();

        Task work = call switch
        {
            "profile" => client.GetProfileAsync(_ct),
            "funds" => client.GetFundsAsync(_ct),
            "orders" => client.GetOrdersAsync(_ct),
            "history" => client.GetOrderHistoryAsync("171229000724687", _ct),
            "trades" => client.GetTradesAsync(_ct),
            "order-trades" => client.GetOrderTradesAsync("171229000724687", _ct),
            "positions" => client.GetPositionsAsync(_ct),
            _ => client.GetHoldingsAsync(_ct),
        };
        await work;

        var seen = Assert.Single(_host.Handler.Requests);
        Assert.Equal(method, seen.Method.Method);
        Assert.Equal("https://api.kite.trade" + path, seen.Uri.AbsoluteUri);
        Assert.Equal("3", seen.Header("X-Kite-Version"));
        Assert.Equal("token key123:tok456", seen.Header("Authorization"));
        Assert.Null(seen.Body);
    }

    [Fact]
    public async Task PlaceOrder_limit_order_posts_form_encoded_fields()
    {
        _host.Handler.ThenJson(HttpStatusCode.OK, Ok);

        await _host.Client().PlaceOrderAsync(
            new OrderRequest
            {
                TradingSymbol = "M&M",
                Exchange = "NSE",
                Side = TransactionType.Buy,
                Quantity = 5,
                OrderType = OrderType.Limit,
                Product = ProductType.Cnc,
                Price = 1500.50m,
                Tag = "bc 1",
            },
            _ct);

        var seen = Assert.Single(_host.Handler.Requests);
        Assert.Equal(HttpMethod.Post, seen.Method);
        Assert.Equal("/orders/regular", seen.Uri.AbsolutePath);
        Assert.Equal("application/x-www-form-urlencoded", seen.ContentType);
        Assert.Equal("tradingsymbol=M%26M&exchange=NSE&transaction_type=BUY&order_type=LIMIT&quantity=5&product=CNC&validity=DAY&price=1500.50&tag=bc+1", seen.Body);
        Assert.Equal("token key123:tok456", seen.Header("Authorization"));
        Assert.Equal("3", seen.Header("X-Kite-Version"));
    }

    [Fact]
    public async Task PlaceOrder_stop_loss_market_amo_sends_trigger_and_market_protection()
    {
        _host.Handler.ThenJson(HttpStatusCode.OK, Ok);

        await _host.Client().PlaceOrderAsync(
            new OrderRequest
            {
                TradingSymbol = "NIFTY26DECFUT",
                Exchange = "NFO",
                Side = TransactionType.Sell,
                Quantity = 75,
                OrderType = OrderType.StopLossMarket,
                Product = ProductType.Nrml,
                TriggerPrice = 24000m,
                MarketProtection = -1m,
                Variety = OrderVariety.Amo,
                Validity = OrderValidity.Ioc,
            },
            _ct);

        var seen = Assert.Single(_host.Handler.Requests);
        Assert.Equal("/orders/amo", seen.Uri.AbsolutePath);
        Assert.Equal("tradingsymbol=NIFTY26DECFUT&exchange=NFO&transaction_type=SELL&order_type=SL-M&quantity=75&product=NRML&validity=IOC&trigger_price=24000&market_protection=-1", seen.Body);
    }

    [Fact]
    public async Task PlaceOrder_limit_without_price_throws_before_sending()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _host.Client().PlaceOrderAsync(
            new OrderRequest { TradingSymbol = "INFY", Exchange = "NSE", Side = TransactionType.Buy, Quantity = 1, OrderType = OrderType.Limit, Product = ProductType.Cnc },
            _ct));

        Assert.Empty(_host.Handler.Requests);
    }

    [Fact]
    public async Task ModifyOrder_changed_fields_puts_form_to_variety_and_id()
    {
        _host.Handler.ThenJson(HttpStatusCode.OK, Ok);

        await _host.Client().ModifyOrderAsync(new OrderModification { OrderId = "151220000000000", Variety = OrderVariety.Co, Quantity = 2, Price = 1501m, OrderType = OrderType.Limit }, _ct);

        var seen = Assert.Single(_host.Handler.Requests);
        Assert.Equal(HttpMethod.Put, seen.Method);
        Assert.Equal("/orders/co/151220000000000", seen.Uri.AbsolutePath);
        Assert.Equal("application/x-www-form-urlencoded", seen.ContentType);
        Assert.Equal("order_type=LIMIT&quantity=2&price=1501", seen.Body);
    }

    [Fact]
    public async Task CancelOrder_with_parent_deletes_with_query_and_no_body()
    {
        _host.Handler.ThenJson(HttpStatusCode.OK, Ok);

        await _host.Client().CancelOrderAsync("222", OrderVariety.Co, "111", _ct);

        var seen = Assert.Single(_host.Handler.Requests);
        Assert.Equal(HttpMethod.Delete, seen.Method);
        Assert.Equal("/orders/co/222?parent_order_id=111", seen.PathAndQuery);
        Assert.Null(seen.Body);
        Assert.Equal("token key123:tok456", seen.Header("Authorization"));
    }

    [Fact]
    public async Task GetLastPrices_several_instruments_repeats_i_and_escapes_spaces()
    {
        _host.Handler.ThenMock("ltp");

        await _host.Client().GetLastPricesAsync([new("NSE", "INFY"), new("BSE", "SENSEX"), new("NSE", "NIFTY 50")], _ct);

        var seen = Assert.Single(_host.Handler.Requests);
        Assert.Equal(HttpMethod.Get, seen.Method);
        Assert.Equal("/quote/ltp?i=NSE%3AINFY&i=BSE%3ASENSEX&i=NSE%3ANIFTY%2050", seen.Uri.PathAndQuery);
    }

    [Fact]
    public async Task GetLastPrices_more_than_1000_instruments_splits_into_batches()
    {
        _host.Handler.ThenMock("ltp");
        var keys = Enumerable.Range(0, 1001).Select(i => new InstrumentKey("NSE", "S" + i)).ToList();

        await _host.Client().GetLastPricesAsync(keys, _ct);

        Assert.Equal(2, _host.Handler.Requests.Count);
        Assert.Equal(1000, _host.Handler.Requests[0].Uri.Query.Split('&').Length);
        Assert.Equal("?i=NSE%3AS1000", _host.Handler.Requests[1].Uri.Query);
    }

    [Fact]
    public async Task GetQuotes_more_than_500_instruments_splits_into_batches()
    {
        _host.Handler.ThenMock("quote");
        var keys = Enumerable.Range(0, 501).Select(i => new InstrumentKey("NSE", "S" + i)).ToList();

        await _host.Client().GetQuotesAsync(keys, _ct);

        Assert.Equal(["/quote", "/quote"], _host.Handler.Requests.Select(r => r.Uri.AbsolutePath));
        Assert.Equal(500, _host.Handler.Requests[0].Uri.Query.Split('&').Length);
    }

    [Fact]
    public async Task ExchangeRequestToken_posts_checksum_without_authorization()
    {
        _host.Handler.ThenMock("generate_session");

        await _host.Exchanger.ExchangeRequestTokenAsync(AccountEnvironment.Live, "abc123", "sec789", "req456", _ct);

        var seen = Assert.Single(_host.Handler.Requests);
        Assert.Equal(HttpMethod.Post, seen.Method);
        Assert.Equal("https://api.kite.trade/session/token", seen.Uri.AbsoluteUri);
        Assert.Equal("application/x-www-form-urlencoded", seen.ContentType);
        Assert.Equal("api_key=abc123&request_token=req456&checksum=b499bbabdea46bcc2d10589f14f158c7a81066ebaeae6e1f99da10857d0dab83", seen.Body);
        Assert.Equal("3", seen.Header("X-Kite-Version"));
        Assert.Null(seen.Header("Authorization"));
    }

    [Fact]
    public async Task Logout_sends_delete_with_key_and_token_in_query()
    {
        _host.Handler.ThenMock("session_logout");

        await _host.Client().LogoutAsync(_ct);

        var seen = Assert.Single(_host.Handler.Requests);
        Assert.Equal(HttpMethod.Delete, seen.Method);
        Assert.Equal("/session/token?api_key=key123&access_token=tok456", seen.Uri.PathAndQuery);
        Assert.Equal("token key123:tok456", seen.Header("Authorization"));
        Assert.Null(seen.Body);
    }

    [Fact]
    public async Task Client_sandbox_account_uses_sandbox_api_root()
    {
        _host.Handler.ThenMock("profile");

        await _host.Client(environment: AccountEnvironment.Sandbox).GetProfileAsync(_ct);

        Assert.Equal("http://127.0.0.1:5000/sandbox/kite/user/profile", Assert.Single(_host.Handler.Requests).Uri.AbsoluteUri);
    }

    [Fact]
    public void Client_sandbox_without_configured_root_throws_invalid_operation()
    {
        using var host = new KiteTestHost(new Dictionary<string, string?> { ["Brokers:Zerodha:SandboxApiRoot"] = null });

        Assert.Throws<InvalidOperationException>(() => host.Client(environment: AccountEnvironment.Sandbox));
    }

    [Fact]
    public void BuildLoginUri_live_and_sandbox_carry_version_and_key()
    {
        var live = _host.Exchanger.BuildLoginUri(AccountEnvironment.Live, "key123", new Dictionary<string, string> { ["state"] = "a b" });
        var sandbox = _host.Exchanger.BuildLoginUri(AccountEnvironment.Sandbox, "key123");

        Assert.Equal("https://kite.zerodha.com/connect/login?v=3&api_key=key123&redirect_params=state%3Da%2520b", live.AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5000/sandbox/kite/connect/login?v=3&api_key=key123", sandbox.AbsoluteUri);
    }
}
