using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Brokers.Zerodha;

/// <summary>Every relevant official Kite mock, through the real client, with concrete field values.</summary>
public sealed partial class KiteContractTests : IDisposable
{
    private static readonly TimeSpan _ist = TimeSpan.FromHours(5.5);
    private readonly KiteTestHost _host = new();
    private readonly CancellationToken _ct = CancellationToken.None;

    public void Dispose() => _host.Dispose();

    /// <summary>The mocks these tests consume; if Zerodha renames one, this fails first.</summary>
    public static TheoryData<string> ConsumedMocks => new()
    {
        "generate_session", "session_logout", "profile", "margins", "margins_equity", "margin_commodity",
        "order_response", "order_modify", "order_cancel", "orders", "order_info", "trades", "order_trades",
        "positions", "holdings", "ltp", "ohlc", "quote",
    };

    [Theory]
    [MemberData(nameof(ConsumedMocks))]
    public void SharedReference_consumed_mock_exists(string name) =>
        Assert.True(File.Exists(Path.Combine(SharedReference.KiteMocksDirectory, name + ".json")), name);

    [Fact]
    public async Task ExchangeRequestToken_generate_session_mock_maps_grant()
    {
        _host.Handler.ThenMock("generate_session");

        var grant = await _host.Exchanger.ExchangeRequestTokenAsync(AccountEnvironment.Live, "XXXXXX", "secret", "reqtok", _ct);

        Assert.Equal(BrokerKind.Zerodha, grant.BrokerKind);
        Assert.Equal("XXXXXX", grant.AccessToken);
        Assert.Equal("XX0000", grant.UserId);
        Assert.Equal("Kite Connect", grant.UserName);
        Assert.Equal("Connect", grant.ShortName);
        Assert.Equal("XXXXXX", grant.Email);
        Assert.Equal("individual", grant.UserType);
        Assert.Equal("ZERODHA", grant.Broker);
        Assert.Equal("XXXXXXXX", grant.PublicToken);
        Assert.Equal(new DateTimeOffset(2021, 1, 1, 16, 15, 14, _ist), grant.LoginTime);
        Assert.DoesNotContain("XXXXXX", grant.ToString().Replace("UserId = XX0000", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_session_logout_mock_completes()
    {
        _host.Handler.ThenMock("session_logout").ThenMock("session_logout");

        await _host.Client().LogoutAsync(_ct);
        await _host.Exchanger.InvalidateAsync(AccountEnvironment.Live, KiteTestHost.ApiKey, "other", _ct);

        Assert.Equal(2, _host.Handler.Requests.Count);
    }

    [Fact]
    public async Task GetProfile_profile_mock_maps_every_field()
    {
        _host.Handler.ThenMock("profile");

        var profile = await _host.Client().GetProfileAsync(_ct);

        Assert.Equal("AB1234", profile.UserId);
        Assert.Equal("AxAx Bxx", profile.UserName);
        Assert.Equal("AxAx", profile.ShortName);
        Assert.Equal("xxxyyy@gmail.com", profile.Email);
        Assert.Equal("individual", profile.UserType);
        Assert.Equal("ZERODHA", profile.Broker);
        Assert.Equal(["BFO", "MCX", "NSE", "CDS", "BSE", "BCD", "MF", "NFO"], profile.Exchanges);
        Assert.Equal(["CNC", "NRML", "MIS", "BO", "CO"], profile.Products);
        Assert.Equal(["MARKET", "LIMIT", "SL", "SL-M"], profile.OrderTypes);
        Assert.Null(profile.AvatarUrl);
    }

    [Fact]
    public async Task GetFunds_margins_mock_maps_both_segments()
    {
        _host.Handler.ThenMock("margins");

        var funds = await _host.Client().GetFundsAsync(_ct);

        var equity = Assert.IsType<SegmentFunds>(funds.Equity);
        Assert.Equal(FundsSegment.Equity, equity.Segment);
        Assert.True(equity.Enabled);
        Assert.Equal(99725.05000000002m, equity.Net);
        Assert.Equal(245431.6m, equity.AvailableCash);
        Assert.Equal(245431.6m, equity.OpeningBalance);
        Assert.Equal(99725.05000000002m, equity.LiveBalance);
        Assert.Equal(145706.55m, equity.Utilised);
        Assert.Equal(38981.25m, equity.Exposure);
        Assert.Equal(101989m, equity.Span);
        Assert.Equal(761.7m, equity.M2MRealised);
        Assert.Equal(0m, equity.Collateral);
        var commodity = Assert.IsType<SegmentFunds>(funds.Commodity);
        Assert.Equal(FundsSegment.Commodity, commodity.Segment);
        Assert.Equal(100661.7m, commodity.Net);
        Assert.Equal(100661.7m, commodity.AvailableCash);
        Assert.Equal(0m, commodity.Utilised);
    }

    [Fact]
    public async Task GetFunds_margins_equity_mock_maps_segment()
    {
        _host.Handler.ThenMock("margins_equity");

        var equity = await _host.Client().GetFundsAsync(FundsSegment.Equity, _ct);

        Assert.Equal("/user/margins/equity", _host.Handler.Requests.Single().Uri.AbsolutePath);
        Assert.Equal(FundsSegment.Equity, equity.Segment);
        Assert.Equal(99725.05000000002m, equity.Net);
        Assert.Equal(245431.6m, equity.AvailableCash);
        Assert.Equal(145706.55m, equity.Utilised);
        Assert.Equal(101989m, equity.Span);
    }

    [Fact]
    public async Task GetFunds_margin_commodity_mock_maps_segment_including_negative_zero()
    {
        _host.Handler.ThenMock("margin_commodity");

        var commodity = await _host.Client().GetFundsAsync(FundsSegment.Commodity, _ct);

        Assert.Equal("/user/margins/commodity", _host.Handler.Requests.Single().Uri.AbsolutePath);
        Assert.Equal(96426.33m, commodity.Net);
        Assert.Equal(97297.5m, commodity.AvailableCash);
        Assert.Equal(96426.32999999999m, commodity.LiveBalance);
        Assert.Equal(871.17m, commodity.Utilised);
        Assert.Equal(117.35m, commodity.Exposure);
        Assert.Equal(563m, commodity.Span);
        Assert.Equal(0m, commodity.Payout);
    }

    [Fact]
    public async Task PlaceOrder_order_response_mock_returns_order_id()
    {
        _host.Handler.ThenMock("order_response");

        var placed = await _host.Client().PlaceOrderAsync(
            new OrderRequest { TradingSymbol = "INFY", Exchange = "NSE", Side = TransactionType.Buy, Quantity = 1, OrderType = OrderType.Limit, Product = ProductType.Cnc, Price = 1500m },
            _ct);

        Assert.Equal("151220000000000", placed.OrderId);
    }

    [Fact]
    public async Task ModifyOrder_order_modify_mock_returns_order_id()
    {
        _host.Handler.ThenMock("order_modify");

        var modified = await _host.Client().ModifyOrderAsync(new OrderModification { OrderId = "151220000000000", Price = 1501m }, _ct);

        Assert.Equal("151220000000000", modified.OrderId);
    }

    [Fact]
    public async Task CancelOrder_order_cancel_mock_returns_order_id()
    {
        _host.Handler.ThenMock("order_cancel");

        var cancelled = await _host.Client().CancelOrderAsync("151220000000000", OrderVariety.Regular, null, _ct);

        Assert.Equal("151220000000000", cancelled.OrderId);
    }

    [Fact]
    public async Task GetOrders_orders_mock_maps_statuses_ids_and_times()
    {
        _host.Handler.ThenMock("orders");

        var orders = await _host.Client().GetOrdersAsync(_ct);

        Assert.Equal(10, orders.Count);
        var first = orders[0];
        Assert.Equal("100000000000000", first.OrderId);
        Assert.Equal("200000000000000", first.ExchangeOrderId);
        Assert.Null(first.ParentOrderId);
        Assert.Equal(OrderStatus.Cancelled, first.Status);
        Assert.Equal("CANCELLED", first.RawStatus);
        Assert.Equal("USDINR21JUNFUT", first.TradingSymbol);
        Assert.Equal("CDS", first.Exchange);
        Assert.Equal(412675, first.InstrumentToken);
        Assert.Equal(TransactionType.Buy, first.TransactionType);
        Assert.Equal(OrderType.Limit, first.OrderType);
        Assert.Equal(ProductType.Nrml, first.Product);
        Assert.Equal(OrderVariety.Regular, first.Variety);
        Assert.Equal(OrderValidity.Day, first.Validity);
        Assert.Equal(72m, first.Price);
        Assert.Equal(1, first.PendingQuantity);
        Assert.Equal(1, first.CancelledQuantity);
        Assert.Equal("XXXXXX", first.PlacedBy);
        Assert.Equal(new DateTimeOffset(2021, 5, 31, 9, 18, 57, _ist), first.PlacedAt);
        Assert.Equal(new DateTimeOffset(2021, 5, 31, 9, 15, 38, _ist), first.ExchangeTimestamp);
        Assert.Equal(new DateTimeOffset(2021, 5, 31, 9, 18, 58, _ist), first.ExchangeUpdatedAt);

        var sell = orders[2];
        Assert.Equal(OrderStatus.Complete, sell.Status);
        Assert.Equal(OrderType.Market, sell.OrderType);
        Assert.Equal(TransactionType.Sell, sell.TransactionType);
        Assert.Equal(109.35m, sell.AveragePrice);
        Assert.Equal(1, sell.FilledQuantity);

        var rejected = orders[3];
        Assert.Equal("220524001859672", rejected.OrderId);
        Assert.Null(rejected.ExchangeOrderId);
        Assert.Equal(OrderStatus.Rejected, rejected.Status);
        Assert.StartsWith("Insufficient funds. Required margin is 95417.84", rejected.StatusMessage, StringComparison.Ordinal);
        Assert.Equal(OrderVariety.Iceberg, rejected.Variety);
        Assert.Equal(OrderValidity.Ttl, rejected.Validity);
        Assert.Equal(200, rejected.Quantity);
        Assert.Equal(463m, rejected.Price);
        Assert.Equal("icebergord", rejected.Tag);
        Assert.Equal(["icebergord"], rejected.Tags);
        Assert.Null(rejected.ExchangeTimestamp);

        Assert.Equal("connect test order1", orders[4].Tag);
        Assert.Equal(OrderVariety.Auction, orders[6].Variety);
        Assert.Equal(ProductType.Mtf, orders[7].Product);

        var nineteenDigits = orders[8];
        Assert.Equal("1953341975595868160", nineteenDigits.OrderId);
        Assert.Equal(["mktp", "mktp:2.00"], nineteenDigits.Tags);
        Assert.Equal(156.7m, nineteenDigits.AveragePrice);
        Assert.Equal(159.82m, nineteenDigits.Price);

        var sliced = orders[9];
        Assert.Equal("NIFTY2580724400CE", sliced.TradingSymbol);
        Assert.Equal(10189826, sliced.InstrumentToken);
        Assert.Equal(150, sliced.FilledQuantity);
        Assert.Contains("autoslice:1953367517640548352", sliced.Tags);
    }

    [Fact]
    public async Task GetOrderHistory_order_info_mock_maps_every_transition()
    {
        _host.Handler.ThenMock("order_info");

        var history = await _host.Client().GetOrderHistoryAsync("171229000724687", _ct);

        Assert.Equal("/orders/171229000724687", _host.Handler.Requests.Single().Uri.AbsolutePath);
        Assert.Equal(
            [OrderStatus.Pending, OrderStatus.Pending, OrderStatus.Pending, OrderStatus.Open, OrderStatus.Pending, OrderStatus.Pending, OrderStatus.Modified, OrderStatus.Open],
            history.Select(h => h.Status));
        Assert.Equal(
            ["PUT ORDER REQ RECEIVED", "VALIDATION PENDING", "OPEN PENDING", "OPEN", "MODIFY VALIDATION PENDING", "MODIFY PENDING", "MODIFIED", "OPEN"],
            history.Select(h => h.RawStatus));
        Assert.All(history, h => Assert.Equal("171229000724687", h.OrderId));
        Assert.Equal(1, history[0].InstrumentToken);
        var last = history[^1];
        Assert.Equal(779521, last.InstrumentToken);
        Assert.Equal(300.1m, last.Price);
        Assert.Equal("1300000001887410", last.ExchangeOrderId);
        Assert.Equal("DA0017", last.PlacedBy);
        Assert.Equal(new DateTimeOffset(2017, 12, 29, 11, 8, 16, _ist), last.PlacedAt);
        Assert.Equal(300m, history[0].Price);
    }

    [Fact]
    public async Task GetTrades_trades_mock_maps_fills()
    {
        _host.Handler.ThenMock("trades");

        var trades = await _host.Client().GetTradesAsync(_ct);

        Assert.Equal(4, trades.Count);
        var first = trades[0];
        Assert.Equal("10000000", first.TradeId);
        Assert.Equal("200000000000000", first.OrderId);
        Assert.Equal("300000000000000", first.ExchangeOrderId);
        Assert.Equal("SBIN", first.TradingSymbol);
        Assert.Equal("NSE", first.Exchange);
        Assert.Equal(779521, first.InstrumentToken);
        Assert.Equal(ProductType.Cnc, first.Product);
        Assert.Equal(TransactionType.Buy, first.TransactionType);
        Assert.Equal(1, first.Quantity);
        Assert.Equal(420.65m, first.AveragePrice);
        Assert.Equal(new DateTimeOffset(2021, 5, 31, 9, 16, 39, _ist), first.FilledAt);
        Assert.Equal(72.755m, trades[1].AveragePrice);
        Assert.Equal(ProductType.Mis, trades[1].Product);
        Assert.Equal("90000000", trades[3].TradeId);
    }

    [Fact]
    public async Task GetOrderTrades_order_trades_mock_maps_fill()
    {
        _host.Handler.ThenMock("order_trades");

        var trades = await _host.Client().GetOrderTradesAsync("200000000000000", _ct);

        Assert.Equal("/orders/200000000000000/trades", _host.Handler.Requests.Single().Uri.AbsolutePath);
        var trade = Assert.Single(trades);
        Assert.Equal("GOLDPETAL21JUNFUT", trade.TradingSymbol);
        Assert.Equal("MCX", trade.Exchange);
        Assert.Equal(58424839, trade.InstrumentToken);
        Assert.Equal(ProductType.Nrml, trade.Product);
        Assert.Equal(4852m, trade.AveragePrice);
        Assert.Equal(new DateTimeOffset(2021, 5, 31, 16, 0, 36, _ist), trade.ExchangeTimestamp);
    }
}
