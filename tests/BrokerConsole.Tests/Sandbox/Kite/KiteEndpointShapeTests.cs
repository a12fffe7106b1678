using System.Net;
using System.Text.Json;

namespace BrokerConsole.Tests.Sandbox.Kite;

/// <summary>Every authenticated endpoint answers the envelope and field set of its official mock.</summary>
public sealed class KiteEndpointShapeTests
{
    [Fact]
    public async Task AuthenticatedEndpoints_after_a_fill_match_official_mock_shapes()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();
        var (placed, order) = await host.CallAsync(HttpMethod.Post, "orders/regular", token, KiteOrderTests.Market("BUY", "SBIN", 2));
        Assert.Equal(HttpStatusCode.OK, placed);
        KiteMocks.AssertSameKeys(KiteMocks.Data("order_response.json"), order.GetProperty("data"));
        var orderId = order.GetProperty("data").GetProperty("order_id").GetString()!;

        await AssertShape(host, token, "user/profile", "profile.json", exact: true);
        await AssertShape(host, token, "user/margins", "margins.json", exact: true);
        await AssertShape(host, token, "user/margins/equity", "margins_equity.json", exact: true);
        await AssertShape(host, token, "user/margins/commodity", "margin_commodity.json", exact: true);
        await AssertShape(host, token, "orders", "orders.json", exact: false);
        await AssertShape(host, token, $"orders/{orderId}", "order_info.json", exact: true);
        await AssertShape(host, token, $"orders/{orderId}/trades", "order_trades.json", exact: true);
        await AssertShape(host, token, "trades", "trades.json", exact: true);
        await AssertShape(host, token, "portfolio/positions", "positions.json", exact: true);
        await AssertShape(host, token, "portfolio/holdings", "holdings.json", exact: true);
        await AssertShape(host, token, "quote?i=NSE:INFY", "quote.json", exact: true);
        host.NextSecond();
        await AssertShape(host, token, "quote/ltp?i=NSE:INFY", "ltp.json", exact: true);
        host.NextSecond();
        await AssertShape(host, token, "quote/ohlc?i=NSE:INFY", "ohlc.json", exact: true);
    }

    [Fact]
    public async Task Quote_unknown_instrument_is_absent_and_repeated_keys_are_all_answered()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();

        var (status, body) = await host.GetAsync("quote/ltp?i=NSE:INFY&i=BSE:SENSEX&i=NSE:NOSUCH", token);

        Assert.Equal(HttpStatusCode.OK, status);
        var data = body.GetProperty("data");
        Assert.Equal(408065, data.GetProperty("NSE:INFY").GetProperty("instrument_token").GetInt32());
        Assert.True(data.TryGetProperty("BSE:SENSEX", out _));
        Assert.False(data.TryGetProperty("NSE:NOSUCH", out _));
    }

    [Fact]
    public async Task Quote_price_moves_with_the_clock_and_is_deterministic()
    {
        async Task<double[]> Walk()
        {
            await using var host = await KiteSandboxHost.StartAsync();
            var token = await host.LoginAsync();
            var prices = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                host.Clock!.Advance(TimeSpan.FromSeconds(30));
                var (_, body) = await host.GetAsync("quote/ltp?i=NSE:INFY", token);
                prices.Add(body.GetProperty("data").GetProperty("NSE:INFY").GetProperty("last_price").GetDouble());
            }

            return [.. prices];
        }

        var first = await Walk();
        var second = await Walk();

        Assert.Equal(first, second);
        Assert.True(first.Distinct().Count() > 1, "the simulated price should move as the clock advances");
    }

    private static async Task AssertShape(KiteSandboxHost host, string token, string path, string mock, bool exact)
    {
        var (status, body) = await host.GetAsync(path, token);
        Assert.True(status == HttpStatusCode.OK, $"{path}: {status} {body}");
        var data = body.GetProperty("data");
        var expected = KiteMocks.Data(mock);
        if (mock is "quote.json" or "ltp.json" or "ohlc.json")
        {
            expected = expected.GetProperty("NSE:INFY");
            data = data.GetProperty("NSE:INFY");
        }

        Assert.NotEqual(JsonValueKind.Null, data.ValueKind);
        if (exact)
        {
            KiteMocks.AssertSameKeys(expected, data, path);
        }
        else
        {
            KiteMocks.AssertHasKeys(expected, data, path);
        }
    }
}
