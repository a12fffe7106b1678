using System.Globalization;
using System.Net;

namespace BrokerConsole.Tests.Sandbox.Kite;

public sealed class KiteOrderLifecycleTests
{
    [Fact]
    public async Task StopLossMarket_waits_in_trigger_pending_then_fills_when_price_crosses_trigger()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();
        var ltp = await KiteOrderTests.Ltp(host, token, "NSE:INFY");
        var trigger = Math.Round(ltp * 0.97, 1);
        var form = KiteOrderTests.Market("SELL", "INFY", 5);
        form["order_type"] = "SL-M";
        form["trigger_price"] = trigger.ToString(CultureInfo.InvariantCulture);

        var orderId = await KiteOrderTests.Place(host, token, form);
        Assert.Equal("TRIGGER PENDING", (await KiteOrderTests.FindOrder(host, token, orderId)).GetProperty("status").GetString());

        await host.ControlAsync("market/price", new { instrument = "NSE:INFY", last_price = trigger - 10 });
        var order = await KiteOrderTests.FindOrder(host, token, orderId);

        Assert.Equal("COMPLETE", order.GetProperty("status").GetString());
        var (_, history) = await host.GetAsync($"orders/{orderId}", token);
        var statuses = history.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("status").GetString()).ToList();
        Assert.Equal(["PUT ORDER REQ RECEIVED", "VALIDATION PENDING", "OPEN PENDING", "TRIGGER PENDING", "OPEN", "COMPLETE"], statuses);
    }

    [Fact]
    public async Task StopLossMarket_without_market_protection_is_rejected()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();
        var form = KiteOrderTests.Market("SELL", "INFY", 1);
        form["order_type"] = "SL-M";
        form["trigger_price"] = "1000";
        form.Remove("market_protection");

        var (status, body) = await host.CallAsync(HttpMethod.Post, "orders/regular", token, form);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("Market orders without market protection", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliverySell_beyond_holdings_is_rejected_with_status_message()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();

        // The test user holds 10 INFY.
        var okId = await KiteOrderTests.Place(host, token, KiteOrderTests.Market("SELL", "INFY", 10));
        var rejectedId = await KiteOrderTests.Place(host, token, KiteOrderTests.Market("SELL", "INFY", 1));

        Assert.Equal("COMPLETE", (await KiteOrderTests.FindOrder(host, token, okId)).GetProperty("status").GetString());
        var rejected = await KiteOrderTests.FindOrder(host, token, rejectedId);
        Assert.Equal("REJECTED", rejected.GetProperty("status").GetString());
        Assert.StartsWith("Insufficient holdings", rejected.GetProperty("status_message").GetString(), StringComparison.Ordinal);
        var (_, holdings) = await host.GetAsync("portfolio/holdings", token);
        var infy = holdings.GetProperty("data").EnumerateArray().Single(h => h.GetProperty("tradingsymbol").GetString() == "INFY");
        Assert.Equal(10, infy.GetProperty("used_quantity").GetInt32());
    }

    [Fact]
    public async Task IocLimit_not_immediately_marketable_is_cancelled()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();
        var ltp = await KiteOrderTests.Ltp(host, token, "NSE:SBIN");
        var form = KiteOrderTests.Limit("BUY", "SBIN", 1, Math.Round(ltp * 0.9, 1));
        form["validity"] = "IOC";

        var orderId = await KiteOrderTests.Place(host, token, form);

        Assert.Equal("CANCELLED", (await KiteOrderTests.FindOrder(host, token, orderId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task PlaceOrder_unknown_instrument_and_missing_quantity_return_input_exception()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();
        var unknown = KiteOrderTests.Market("BUY", "NOSUCH", 1);
        var noQuantity = KiteOrderTests.Market("BUY", "SBIN", 1);
        noQuantity.Remove("quantity");

        var (first, firstBody) = await host.CallAsync(HttpMethod.Post, "orders/regular", token, unknown);
        var (second, secondBody) = await host.CallAsync(HttpMethod.Post, "orders/regular", token, noQuantity);
        var (third, _) = await host.CallAsync(HttpMethod.Post, "orders/bracket", token, KiteOrderTests.Market("BUY", "SBIN", 1));

        Assert.Equal(HttpStatusCode.BadRequest, first);
        Assert.Equal("InputException", firstBody.GetProperty("error_type").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, second);
        Assert.Equal("Missing or empty field `quantity`.", secondBody.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, third);
    }

    [Fact]
    public async Task OrderHistory_unknown_order_returns_404_json()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();

        var (status, body) = await host.GetAsync("orders/123", token);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("GeneralException", body.GetProperty("error_type").GetString());
    }
}
