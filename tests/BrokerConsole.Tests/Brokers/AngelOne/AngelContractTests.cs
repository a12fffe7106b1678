using System.Net;
using System.Text;
using System.Text.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Brokers.AngelOne;

/// <summary>SmartAPI response shapes from the reference (§3.3–3.7) through the real client and a fake server.</summary>
public sealed class AngelContractTests : IDisposable
{
    private readonly AngelTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task GetProfile_sends_the_mandatory_headers_and_bearer_jwt_and_maps_the_profile()
    {
        _host.Handler.ThenJson(HttpStatusCode.OK, AngelTestHost.Ok("""
            {"clientcode":"A123456","name":"ASHA RAO","email":"asha@example.test","mobileno":"","exchanges":["nse_cm","bse_cm"],
             "products":["MARGIN","MIS","NRML","CNC","CO","BO"],"lastlogintime":"","broker":""}
            """));

        var profile = await _host.Client().GetProfileAsync(CancellationToken.None);

        var request = Assert.Single(_host.Handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("/rest/secure/angelbroking/user/v1/getProfile", request.Uri.AbsolutePath);
        Assert.Equal("https://apiconnect.angelone.in/", request.Uri.GetLeftPart(UriPartial.Authority) + "/");
        Assert.Equal("Bearer " + AngelTestHost.AccessToken, request.Header("Authorization"));
        Assert.Equal(AngelTestHost.ApiKey, request.Header("X-PrivateKey"));
        Assert.Equal("USER", request.Header("X-UserType"));
        Assert.Equal("WEB", request.Header("X-SourceID"));
        Assert.Equal("203.0.113.10", request.Header("X-ClientPublicIP"));
        Assert.NotNull(request.Header("X-ClientLocalIP"));
        Assert.NotNull(request.Header("X-MACAddress"));
        Assert.Equal("A123456", profile.UserId);
        Assert.Equal("ASHA RAO", profile.UserName);
        Assert.Equal(["nse_cm", "bse_cm"], profile.Exchanges);
    }

    [Fact]
    public async Task GetFunds_parses_getRMS_string_numbers_into_the_equity_segment()
    {
        _host.Handler.ThenJson(HttpStatusCode.OK, AngelTestHost.Ok("""
            {"net":"9999.00","availablecash":"10000.50","availableintradaypayin":"0","availablelimitmargin":"0","collateral":"250.25",
             "m2munrealized":"-12.5","m2mrealized":"3","utiliseddebits":"1.50","utilisedspan":null,"utilisedoptionpremium":"0",
             "utilisedholdingsales":"0","utilisedexposure":"0","utilisedturnover":"0","utilisedpayout":"0"}
            """));

        var funds = await _host.Client().GetFundsAsync(CancellationToken.None);

        Assert.Equal("/rest/secure/angelbroking/user/v1/getRMS", _host.Handler.Requests.Single().Uri.AbsolutePath);
        Assert.NotNull(funds.Equity);
        Assert.Null(funds.Commodity);
        Assert.Equal(9999.00m, funds.Equity.Net);
        Assert.Equal(10000.50m, funds.Equity.AvailableCash);
        Assert.Equal(250.25m, funds.Equity.Collateral);
        Assert.Equal(-12.5m, funds.Equity.M2MUnrealised);
        Assert.Equal(1.50m, funds.Equity.Utilised);
    }

    [Fact]
    public async Task GetOrders_maps_the_oms_status_vocabulary_and_string_numbers()
    {
        static string Order(string id, string status, string text = "") => $$"""
            {"variety":"NORMAL","ordertype":"LIMIT","producttype":"DELIVERY","duration":"DAY","price":"800.00","triggerprice":"0",
             "quantity":"10","disclosedquantity":"0","tradingsymbol":"SBIN-EQ","transactiontype":"BUY","exchange":"NSE",
             "symboltoken":"3045","ordertag":"t1","averageprice":"0","filledshares":"4","unfilledshares":"6","cancelsize":"0",
             "orderid":"{{id}}","text":"{{text}}","status":"{{status}}","orderstatus":"{{status}}","updatetime":"24-Nov-2026 10:15:32",
             "exchorderupdatetime":"24-Nov-2026 10:15:33","parentorderid":"","uniqueorderid":"u-{{id}}","exchangeorderid":"1100"}
            """;
        _host.Handler.ThenJson(HttpStatusCode.OK, AngelTestHost.Ok("[" + string.Join(",",
            Order("1", "open"), Order("2", "complete"), Order("3", "rejected", "RMS: margin exceeds"),
            Order("4", "trigger pending"), Order("5", "validation pending"), Order("6", "cancelled after market order")) + "]"));

        var orders = await _host.Client().GetOrdersAsync(CancellationToken.None);

        Assert.Equal("/rest/secure/angelbroking/order/v1/getOrderBook", _host.Handler.Requests.Single().Uri.AbsolutePath);
        Assert.Equal([OrderStatus.Open, OrderStatus.Complete, OrderStatus.Rejected, OrderStatus.TriggerPending, OrderStatus.Pending, OrderStatus.Cancelled],
            orders.Select(o => o.Status));
        var open = orders[0];
        Assert.Equal("SBIN-EQ", open.TradingSymbol);
        Assert.Equal(3045, open.InstrumentToken);
        Assert.Equal(ProductType.Cnc, open.Product);
        Assert.Equal(OrderType.Limit, open.OrderType);
        Assert.Equal(10, open.Quantity);
        Assert.Equal(4, open.FilledQuantity);
        Assert.Equal(6, open.PendingQuantity);
        Assert.Equal(800.00m, open.Price);
        Assert.Equal("t1", open.Tag);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 15, 32, TimeSpan.FromHours(5.5)), open.PlacedAt);
        Assert.Equal("RMS: margin exceeds", orders[2].StatusMessage);
    }

    [Fact]
    public async Task An_order_with_a_price_that_is_not_a_number_is_unreadable_and_the_rest_of_the_book_loads()
    {
        static string Order(string id, string price, string tag) => $$"""
            {"variety":"NORMAL","ordertype":"LIMIT","producttype":"INTRADAY","duration":"DAY","price":"{{price}}","triggerprice":"0",
             "quantity":"10","disclosedquantity":"0","tradingsymbol":"SBIN-EQ","transactiontype":"BUY","exchange":"NSE",
             "symboltoken":"3045","ordertag":"{{tag}}","averageprice":"0","filledshares":"0","unfilledshares":"10","cancelsize":"0",
             "orderid":"{{id}}","text":"","status":"open","orderstatus":"open","updatetime":"24-Nov-2026 10:15:32",
             "exchorderupdatetime":"","parentorderid":"","uniqueorderid":"u-{{id}}","exchangeorderid":""}
            """;
        _host.Handler.ThenJson(HttpStatusCode.OK, AngelTestHost.Ok("[" + Order("1", "12O0.5O", "bc-bad") + "," + Order("2", "800.50", "bc-good") + "]"));

        var orders = await _host.Client().GetOrdersAsync(CancellationToken.None);

        Assert.Equal(2, orders.Count);
        var unreadable = orders[0];
        Assert.True(unreadable.IsUnreadable);
        Assert.Equal(("1", "bc-bad", "SBIN-EQ", "UNREADABLE"), (unreadable.OrderId, unreadable.Tag, unreadable.TradingSymbol, unreadable.RawStatus));
        Assert.Equal(0m, unreadable.Price);
        Assert.Contains("Angel One", unreadable.StatusMessage, StringComparison.Ordinal);
        Assert.False(orders[1].IsUnreadable);
        Assert.Equal(800.50m, orders[1].Price);
    }

    [Fact]
    public async Task Empty_lists_arrive_as_data_null_and_map_to_empty()
    {
        _host.Handler.ThenJson(HttpStatusCode.OK, """{"status":true,"message":"SUCCESS","errorcode":"","data":null}""");
        var client = _host.Client();

        Assert.Empty(await client.GetOrdersAsync(CancellationToken.None));
        Assert.Empty((await client.GetPositionsAsync(CancellationToken.None)).Net);
        Assert.Empty(await client.GetHoldingsAsync(CancellationToken.None));
        Assert.Empty(await client.GetTradesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GetPositions_and_holdings_map_string_fields()
    {
        _host.Handler.ThenJson(HttpStatusCode.OK, AngelTestHost.Ok("""
            [{"exchange":"NSE","symboltoken":"3045","tradingsymbol":"SBIN-EQ","producttype":"INTRADAY","buyqty":"10","sellqty":"4",
              "netqty":"6","buyavgprice":"800.00","sellavgprice":"805.00","avgnetprice":"796.67","netvalue":"-4780.00","cfbuyqty":"0",
              "cfsellqty":"0","ltp":"810.00","pnl":"80.00","close":"799.00"}]
            """));
        var positions = await _host.Client().GetPositionsAsync(CancellationToken.None);
        var line = Assert.Single(positions.Net);
        Assert.Equal(6, line.Quantity);
        Assert.Equal(ProductType.Mis, line.Product);
        Assert.Equal(80.00m, line.Pnl);
        Assert.Equal(8000.00m, line.BuyValue);

        _host.Handler.ThenJson(HttpStatusCode.OK, AngelTestHost.Ok("""
            [{"tradingsymbol":"INFY-EQ","exchange":"NSE","isin":"INE009A01021","t1quantity":"1","realisedquantity":"9","quantity":"10",
              "authorisedquantity":"0","product":"DELIVERY","collateralquantity":null,"averageprice":"1400.5","ltp":"1500","symboltoken":"1594",
              "close":"1490","profitandloss":"995","pnlpercentage":"7.1"}]
            """));
        var holding = Assert.Single(await _host.Client().GetHoldingsAsync(CancellationToken.None));
        Assert.Equal("/rest/secure/angelbroking/portfolio/v1/getHolding", _host.Handler.Requests[^1].Uri.AbsolutePath);
        Assert.Equal("INE009A01021", holding.Isin);
        Assert.Equal(10, holding.Quantity);
        Assert.Equal(1, holding.T1Quantity);
        Assert.Equal(1400.5m, holding.AveragePrice);
        Assert.Equal(995m, holding.Pnl);
    }

    [Fact]
    public async Task PlaceOrder_resolves_the_symbol_token_then_posts_smartapi_fields_as_strings()
    {
        _host.Handler
            .ThenJson(HttpStatusCode.OK, AngelTestHost.Ok("""[{"exchange":"NSE","tradingsymbol":"SBIN-BE","symboltoken":"4884"},{"exchange":"NSE","tradingsymbol":"SBIN-EQ","symboltoken":"3045"}]"""))
            .ThenJson(HttpStatusCode.OK, AngelTestHost.Ok("""{"script":"SBIN-EQ","orderid":"261124000001","uniqueorderid":"34reqfachdfih"}"""));

        var placed = await _host.Client().PlaceOrderAsync(new OrderRequest
        {
            TradingSymbol = "SBIN",
            Exchange = "NSE",
            Side = TransactionType.Buy,
            Quantity = 5,
            OrderType = OrderType.StopLoss,
            Product = ProductType.Mis,
            Price = 801.5m,
            TriggerPrice = 800m,
            Tag = "bc1",
        }, CancellationToken.None);

        Assert.Equal("261124000001", placed.OrderId);
        var search = _host.Handler.Requests[0];
        Assert.Equal("/rest/secure/angelbroking/order/v1/searchScrip", search.Uri.AbsolutePath);
        Assert.Equal("""{"exchange":"NSE","searchscrip":"SBIN"}""", search.Body);
        var place = _host.Handler.Requests[1];
        Assert.Equal(HttpMethod.Post, place.Method);
        Assert.Equal("/rest/secure/angelbroking/order/v1/placeOrder", place.Uri.AbsolutePath);
        using var body = JsonDocument.Parse(place.Body!);
        var fields = body.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal("STOPLOSS", fields["variety"]);
        Assert.Equal("SBIN-EQ", fields["tradingsymbol"]);
        Assert.Equal("3045", fields["symboltoken"]);
        Assert.Equal("STOPLOSS_LIMIT", fields["ordertype"]);
        Assert.Equal("INTRADAY", fields["producttype"]);
        Assert.Equal("801.5", fields["price"]);
        Assert.Equal("800", fields["triggerprice"]);
        Assert.Equal("5", fields["quantity"]);
        Assert.Equal("bc1", fields["ordertag"]);
    }

    [Fact]
    public async Task CancelOrder_posts_variety_and_orderid()
    {
        _host.Handler.ThenJson(HttpStatusCode.OK, AngelTestHost.Ok("""{"orderid":"261124000001","uniqueorderid":"x"}"""));

        var result = await _host.Client().CancelOrderAsync("261124000001", OrderVariety.Regular, null, CancellationToken.None);

        Assert.Equal("261124000001", result.OrderId);
        var request = Assert.Single(_host.Handler.Requests);
        Assert.Equal("/rest/secure/angelbroking/order/v1/cancelOrder", request.Uri.AbsolutePath);
        Assert.Equal("""{"variety":"NORMAL","orderid":"261124000001"}""", request.Body);
    }

    [Fact]
    public async Task GetLastPrices_posts_ltp_mode_with_exchange_tokens_and_reads_fetched()
    {
        _host.Handler
            .ThenJson(HttpStatusCode.OK, AngelTestHost.Ok("""[{"exchange":"NSE","tradingsymbol":"INFY-EQ","symboltoken":"1594"}]"""))
            .ThenJson(HttpStatusCode.OK, AngelTestHost.Ok("""{"fetched":[{"exchange":"NSE","tradingSymbol":"INFY-EQ","symbolToken":"1594","ltp":1502.5}],"unfetched":[]}"""));
        var infy = new InstrumentKey("NSE", "INFY");

        var prices = await _host.Client().GetLastPricesAsync([infy], CancellationToken.None);

        Assert.Equal(1502.5m, prices[infy].Price);
        var quote = _host.Handler.Requests[1];
        Assert.Equal("/rest/secure/angelbroking/market/v1/quote", quote.Uri.AbsolutePath);
        Assert.Equal("""{"mode":"LTP","exchangeTokens":{"NSE":["1594"]}}""", quote.Body);
    }

    [Fact]
    public async Task Gateway_dialect_invalid_token_with_http_200_is_session_expired()
    {
        _host.Handler.ThenJson(HttpStatusCode.OK, """{"success":false,"message":"Invalid Token","errorCode":"AG8001","data":""}""");

        var error = await Assert.ThrowsAsync<SessionExpiredException>(() => _host.Client().GetProfileAsync(CancellationToken.None));

        Assert.Equal("AG8001", error.ErrorCode);
        Assert.Equal(200, error.HttpStatus);
    }

    [Fact]
    public async Task Plain_text_403_is_rate_limited()
    {
        _host.Handler.Then((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.Forbidden)
        {
            Content = new StringContent("Access denied because of exceeding access rate", Encoding.UTF8, "text/plain"),
        }));

        await Assert.ThrowsAsync<RateLimitedException>(() => _host.Client().GetOrdersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Login_sends_mpin_and_current_totp_strips_bearer_and_reads_the_jwt_expiry()
    {
        var exp = _host.Clock.GetUtcNow().AddHours(27);
        var jwt = Jwt(exp);
        _host.Handler
            .ThenJson(HttpStatusCode.OK, AngelTestHost.Ok($$"""{"jwtToken":"Bearer {{jwt}}","refreshToken":"r","feedToken":"f"}"""))
            .ThenJson(HttpStatusCode.OK, AngelTestHost.Ok("""{"clientcode":"A123456","name":"ASHA RAO","email":"","exchanges":[],"products":[]}"""));

        var grant = await _host.Login.LogInAsync(new DirectLoginCredentials(AccountEnvironment.Live, "A123456", AngelTestHost.ApiKey)
        {
            Mpin = "4321",
            TotpSecret = AccountDrafts.TotpSeed,
        }, CancellationToken.None);

        var login = _host.Handler.Requests[0];
        Assert.Equal("/rest/auth/angelbroking/user/v1/loginByPassword", login.Uri.AbsolutePath);
        Assert.Null(login.Header("Authorization"));
        var expectedTotp = TotpSeed.Parse(AccountDrafts.TotpSeed).CodeAt(_host.Clock.GetUtcNow()).Value;
        Assert.Equal($$"""{"clientcode":"A123456","password":"4321","totp":"{{expectedTotp}}"}""", login.Body);
        Assert.Equal(jwt, grant.AccessToken);
        Assert.Equal("Bearer " + jwt, _host.Handler.Requests[1].Header("Authorization"));
        Assert.Equal("A123456", grant.UserId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(exp.ToUnixTimeSeconds()), grant.ExpiresAt);
        Assert.DoesNotContain(jwt, grant.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_refusal_never_echoes_the_mpin_or_totp_secret()
    {
        const string Mpin = "mpin-canary-9911";
        _host.Handler.ThenJson(HttpStatusCode.OK, $$"""{"status":false,"message":"Invalid MPIN {{Mpin}} for {{AccountDrafts.TotpSeed}}","errorcode":"AB1007","data":null}""");

        var error = await Assert.ThrowsAsync<BrokerRejectedException>(() => _host.Login.LogInAsync(
            new DirectLoginCredentials(AccountEnvironment.Live, "A123456", AngelTestHost.ApiKey) { Mpin = Mpin, TotpSecret = AccountDrafts.TotpSeed },
            CancellationToken.None));

        Assert.Equal("AB1007", error.ErrorCode);
        Assert.DoesNotContain(Mpin, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AccountDrafts.TotpSeed, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Logs.Entries, m => m.Contains(Mpin, StringComparison.Ordinal) || m.Contains(AccountDrafts.TotpSeed, StringComparison.Ordinal));
    }

    private static string Jwt(DateTimeOffset exp)
    {
        static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return B64("""{"alg":"HS512"}""") + "." + B64($$"""{"username":"A123456","exp":{{exp.ToUnixTimeSeconds()}}}""") + ".c2ln";
    }
    private const string BookRow = """
        [{"variety":"NORMAL","ordertype":"LIMIT","producttype":"DELIVERY","duration":"DAY","price":"700.00","triggerprice":"0.00","quantity":"2",
          "tradingsymbol":"SBIN-EQ","transactiontype":"BUY","exchange":"NSE","symboltoken":"3045","orderid":"261124000001","status":"open",
          "orderstatus":"open","uniqueorderid":"34reqfachdfih","filledshares":"0","unfilledshares":"2","averageprice":"0.00","text":""}]
        """;

    [Fact]
    public async Task ModifyOrder_fills_the_fields_it_does_not_change_from_the_order_book()
    {
        _host.Handler
            .ThenJson(HttpStatusCode.OK, AngelTestHost.Ok(BookRow))
            .ThenJson(HttpStatusCode.OK, AngelTestHost.Ok("""{"orderid":"261124000001","uniqueorderid":"34reqfachdfih"}"""));

        var result = await _host.Client().ModifyOrderAsync(new OrderModification { OrderId = "261124000001", Price = 705.5m }, CancellationToken.None);

        Assert.Equal("261124000001", result.OrderId);
        Assert.Equal("/rest/secure/angelbroking/order/v1/getOrderBook", _host.Handler.Requests[0].Uri.AbsolutePath);
        var modify = _host.Handler.Requests[1];
        Assert.Equal((HttpMethod.Post, "/rest/secure/angelbroking/order/v1/modifyOrder"), (modify.Method, modify.Uri.AbsolutePath));
        using var body = JsonDocument.Parse(modify.Body!);
        var fields = body.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(("NORMAL", "261124000001", "LIMIT", "DELIVERY", "DAY"), (fields["variety"], fields["orderid"], fields["ordertype"], fields["producttype"], fields["duration"]));
        Assert.Equal(("705.5", "2", "SBIN-EQ", "3045", "NSE"), (fields["price"], fields["quantity"], fields["tradingsymbol"], fields["symboltoken"], fields["exchange"]));
    }

    [Fact]
    public async Task GetOrderHistory_maps_orderid_to_uniqueorderid_and_reads_order_details()
    {
        _host.Handler
            .ThenJson(HttpStatusCode.OK, AngelTestHost.Ok(BookRow))
            .ThenJson(HttpStatusCode.OK, AngelTestHost.Ok(BookRow.Trim()[1..^1].Replace("\"open\"", "\"complete\"", StringComparison.Ordinal)));

        var order = Assert.Single(await _host.Client().GetOrderHistoryAsync("261124000001", CancellationToken.None));

        Assert.Equal("/rest/secure/angelbroking/order/v1/details/34reqfachdfih", _host.Handler.Requests[1].Uri.AbsolutePath);
        Assert.Equal((OrderStatus.Complete, "complete"), (order.Status, order.RawStatus));
    }

    [Fact]
    public async Task GetOrderHistory_of_an_order_missing_from_the_book_is_ab1013()
    {
        _host.Handler.ThenJson(HttpStatusCode.OK, """{"status":true,"message":"SUCCESS","errorcode":"","data":null}""");

        var ex = await Assert.ThrowsAsync<BrokerRejectedException>(() => _host.Client().GetOrderHistoryAsync("9", CancellationToken.None));

        Assert.Equal("AB1013", ex.ErrorCode);
    }
}
