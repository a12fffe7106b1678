using System.Globalization;
using System.Net;
using System.Text.Json;

namespace BrokerConsole.Tests.Sandbox.Kite;

public sealed class KiteOrderTests
{
    public static Dictionary<string, string> Market(string side, string symbol, int quantity, string product = "CNC") => new()
    {
        ["exchange"] = "NSE",
        ["tradingsymbol"] = symbol,
        ["transaction_type"] = side,
        ["order_type"] = "MARKET",
        ["quantity"] = quantity.ToString(CultureInfo.InvariantCulture),
        ["product"] = product,
        ["validity"] = "DAY",
        ["market_protection"] = "-1",
    };

    public static Dictionary<string, string> Limit(string side, string symbol, int quantity, double price) => new()
    {
        ["exchange"] = "NSE",
        ["tradingsymbol"] = symbol,
        ["transaction_type"] = side,
        ["order_type"] = "LIMIT",
        ["quantity"] = quantity.ToString(CultureInfo.InvariantCulture),
        ["price"] = price.ToString("F2", CultureInfo.InvariantCulture),
        ["product"] = "MIS",
        ["validity"] = "DAY",
    };

    [Fact]
    public async Task MarketOrder_with_protection_fills_and_shows_in_orders_trades_positions_margins()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();
        var ltp = await Ltp(host, token, "NSE:SBIN");

        var orderId = await Place(host, token, Market("BUY", "SBIN", 3));

        var order = await FindOrder(host, token, orderId);
        Assert.Equal("COMPLETE", order.GetProperty("status").GetString());
        Assert.Equal(19, orderId.Length);
        Assert.Equal(3, order.GetProperty("filled_quantity").GetInt32());
        Assert.Equal(ltp, order.GetProperty("average_price").GetDouble());

        var (_, history) = await host.GetAsync($"orders/{orderId}", token);
        var statuses = history.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("status").GetString()).ToList();
        Assert.Equal(["PUT ORDER REQ RECEIVED", "VALIDATION PENDING", "OPEN PENDING", "OPEN", "COMPLETE"], statuses);

        var (_, trades) = await host.GetAsync("trades", token);
        var trade = Assert.Single(trades.GetProperty("data").EnumerateArray());
        Assert.Equal(orderId, trade.GetProperty("order_id").GetString());
        Assert.Equal(3, trade.GetProperty("quantity").GetInt32());

        var (_, positions) = await host.GetAsync("portfolio/positions", token);
        var net = Assert.Single(positions.GetProperty("data").GetProperty("net").EnumerateArray());
        Assert.Equal("SBIN", net.GetProperty("tradingsymbol").GetString());
        Assert.Equal(3, net.GetProperty("quantity").GetInt32());
        Assert.Equal(Math.Round(3 * ltp, 2), net.GetProperty("buy_value").GetDouble());

        var (_, holdings) = await host.GetAsync("portfolio/holdings", token);
        var sbin = holdings.GetProperty("data").EnumerateArray().Single(h => h.GetProperty("tradingsymbol").GetString() == "SBIN");
        Assert.Equal(3, sbin.GetProperty("t1_quantity").GetInt32());

        var (_, margins) = await host.GetAsync("user/margins/equity", token);
        Assert.Equal(Math.Round(100_000 - (3 * ltp), 2), margins.GetProperty("data").GetProperty("net").GetDouble(), 2);
    }

    [Fact]
    public async Task MarketOrder_without_market_protection_is_rejected_with_input_exception()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();
        var form = Market("BUY", "SBIN", 1);
        form.Remove("market_protection");

        var (status, body) = await host.CallAsync(HttpMethod.Post, "orders/regular", token, form);
        form["market_protection"] = "0";
        var (zeroStatus, _) = await host.CallAsync(HttpMethod.Post, "orders/regular", token, form);
        form["market_protection"] = "True";
        var (textStatus, text) = await host.CallAsync(HttpMethod.Post, "orders/regular", token, form);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        KiteMocks.AssertError(body, "InputException",
            "Market orders without market protection are not allowed via API. Please set market protection or use a Limit order.");
        Assert.Equal(HttpStatusCode.BadRequest, zeroStatus);
        Assert.Equal(HttpStatusCode.BadRequest, textStatus);
        Assert.Contains("failed to decode market_protection", text.GetProperty("message").GetString(), StringComparison.Ordinal);
        var (_, orders) = await host.GetAsync("orders", token);
        Assert.Empty(orders.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task LimitOrder_fills_when_simulated_price_crosses_the_limit()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();
        var ltp = await Ltp(host, token, "NSE:INFY");
        var limit = Math.Round(ltp * 0.99, 1);
        var orderId = await Place(host, token, Limit("BUY", "INFY", 1, limit));
        Assert.Equal("OPEN", (await FindOrder(host, token, orderId)).GetProperty("status").GetString());

        await host.ControlAsync("market/price", new { instrument = "NSE:INFY", last_price = limit - 5 });
        var order = await FindOrder(host, token, orderId);

        Assert.Equal("COMPLETE", order.GetProperty("status").GetString());
        Assert.True(order.GetProperty("average_price").GetDouble() <= limit);
    }

    [Fact]
    public async Task LimitOrder_fills_through_the_random_walk_as_the_clock_advances()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();
        var ltp = await Ltp(host, token, "NSE:TCS");
        // One limit either side of the price: whichever way the seeded walk goes, one of them must fill.
        var buyLimit = Math.Round(ltp * 0.998, 1);
        var sellLimit = Math.Round(ltp * 1.002, 1);
        var buyId = await Place(host, token, Limit("BUY", "TCS", 1, buyLimit));
        var sellId = await Place(host, token, Limit("SELL", "TCS", 1, sellLimit));

        JsonElement? filled = null;
        for (var minute = 0; minute < 240 && filled is null; minute++)
        {
            host.Clock!.Advance(TimeSpan.FromMinutes(1));
            foreach (var id in new[] { buyId, sellId })
            {
                var order = await FindOrder(host, token, id);
                if (order.GetProperty("status").GetString() == "COMPLETE")
                {
                    filled = order;
                }
            }
        }

        Assert.NotNull(filled);
        var price = filled.Value.GetProperty("average_price").GetDouble();
        Assert.True(filled.Value.GetProperty("transaction_type").GetString() == "BUY" ? price <= buyLimit : price >= sellLimit);
    }

    [Fact]
    public async Task Cancel_open_limit_order_becomes_cancelled()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();
        var ltp = await Ltp(host, token, "NSE:RELIANCE");
        var orderId = await Place(host, token, Limit("BUY", "RELIANCE", 2, Math.Round(ltp * 0.8, 1)));

        var (status, body) = await host.CallAsync(HttpMethod.Delete, $"orders/regular/{orderId}", token);

        Assert.Equal(HttpStatusCode.OK, status);
        KiteMocks.AssertSameKeys(KiteMocks.Data("order_cancel.json"), body.GetProperty("data"));
        var order = await FindOrder(host, token, orderId);
        Assert.Equal("CANCELLED", order.GetProperty("status").GetString());
        Assert.Equal(2, order.GetProperty("cancelled_quantity").GetInt32());
        var (again, error) = await host.CallAsync(HttpMethod.Delete, $"orders/regular/{orderId}", token);
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Equal("OrderException", error.GetProperty("error_type").GetString());
    }

    [Fact]
    public async Task Modify_open_limit_order_records_modify_history()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();
        var ltp = await Ltp(host, token, "NSE:SBIN");
        var orderId = await Place(host, token, Limit("BUY", "SBIN", 1, Math.Round(ltp * 0.8, 1)));

        var (status, body) = await host.CallAsync(HttpMethod.Put, $"orders/regular/{orderId}", token,
            new Dictionary<string, string> { ["price"] = Math.Round(ltp * 0.85, 1).ToString(CultureInfo.InvariantCulture), ["quantity"] = "2" });

        Assert.Equal(HttpStatusCode.OK, status);
        KiteMocks.AssertSameKeys(KiteMocks.Data("order_modify.json"), body.GetProperty("data"));
        var (_, history) = await host.GetAsync($"orders/{orderId}", token);
        var statuses = history.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("status").GetString()).TakeLast(4).ToList();
        Assert.Equal(["MODIFY VALIDATION PENDING", "MODIFY PENDING", "MODIFIED", "OPEN"], statuses);
        Assert.Equal(2, (await FindOrder(host, token, orderId)).GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task Modify_26th_time_returns_429()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();
        var ltp = await Ltp(host, token, "NSE:SBIN");
        var orderId = await Place(host, token, Limit("BUY", "SBIN", 1, Math.Round(ltp * 0.5, 1)));

        for (var i = 0; i < 25; i++)
        {
            host.NextSecond();
            var (ok, _) = await host.CallAsync(HttpMethod.Put, $"orders/regular/{orderId}", token, new Dictionary<string, string> { ["quantity"] = "1" });
            Assert.Equal(HttpStatusCode.OK, ok);
        }

        host.NextSecond();
        var (status, body) = await host.CallAsync(HttpMethod.Put, $"orders/regular/{orderId}", token, new Dictionary<string, string> { ["quantity"] = "1" });

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("NetworkException", body.GetProperty("error_type").GetString());
    }

    [Fact]
    public async Task BuyOrder_beyond_available_funds_is_accepted_then_rejected_with_status_message()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();

        var orderId = await Place(host, token, Market("BUY", "TCS", 1000));

        var order = await FindOrder(host, token, orderId);
        Assert.Equal("REJECTED", order.GetProperty("status").GetString());
        Assert.StartsWith("Insufficient funds. Required margin is", order.GetProperty("status_message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlaceOrder_tag_longer_than_20_characters_returns_input_exception()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();
        var form = Market("BUY", "SBIN", 1);
        form["tag"] = new string('a', 21);

        var (status, body) = await host.CallAsync(HttpMethod.Post, "orders/regular", token, form);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InputException", body.GetProperty("error_type").GetString());
    }

    [Fact]
    public async Task PlaceOrder_from_non_whitelisted_ip_is_refused_but_reads_work()
    {
        await using var host = await KiteSandboxHost.StartAsync(s => s["Sandbox:Kite:Apps:0:AllowedOrderIps:0"] = "203.0.113.7");
        var token = await host.LoginAsync();

        var (status, body) = await host.CallAsync(HttpMethod.Post, "orders/regular", token, Market("BUY", "SBIN", 1));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("PermissionException", body.GetProperty("error_type").GetString());
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("orders", token)).Status);
    }

    [Fact]
    public async Task PlaceOrder_from_whitelisted_ip_is_accepted()
    {
        await using var host = await KiteSandboxHost.StartAsync(s => s["Sandbox:Kite:Apps:0:AllowedOrderIps:0"] = "127.0.0.1");
        var token = await host.LoginAsync();

        var (status, _) = await host.CallAsync(HttpMethod.Post, "orders/regular", token, Market("BUY", "SBIN", 1));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    public static async Task<string> Place(KiteSandboxHost host, string token, Dictionary<string, string> form, string variety = "regular")
    {
        var (status, body) = await host.CallAsync(HttpMethod.Post, $"orders/{variety}", token, form);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return body.GetProperty("data").GetProperty("order_id").GetString()!;
    }

    public static async Task<JsonElement> FindOrder(KiteSandboxHost host, string token, string orderId)
    {
        host.NextSecond();
        var (_, body) = await host.GetAsync("orders", token);
        return body.GetProperty("data").EnumerateArray().Single(o => o.GetProperty("order_id").GetString() == orderId);
    }

    public static async Task<double> Ltp(KiteSandboxHost host, string token, string instrument)
    {
        host.NextSecond();
        var (_, body) = await host.GetAsync($"quote/ltp?i={instrument}", token);
        return body.GetProperty("data").GetProperty(instrument).GetProperty("last_price").GetDouble();
    }
}
