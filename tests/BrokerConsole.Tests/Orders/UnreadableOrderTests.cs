using System.Text;
using System.Text.Json.Nodes;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Brokers.Zerodha;
using BrokerConsole.Core.Orders;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Orders;

/// <summary>When armed, Kite's order book answer reaches the app with the first order's price as text that is not a number.</summary>
public sealed class BrokenPriceSwitch
{
    private volatile bool _armed;

    public bool Armed
    {
        get => _armed;
        set => _armed = value;
    }
}

internal sealed class BrokenPriceHandler(BrokenPriceSwitch broken) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (!broken.Armed || request.Method != HttpMethod.Get || !request.RequestUri!.AbsolutePath.EndsWith("/orders", StringComparison.Ordinal))
        {
            return response;
        }

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        body["data"]![0]!["price"] = "12O0.5O";
        response.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return response;
    }
}

public sealed class BrokenPriceSandbox : IAppRecipe
{
    public static AppFixture Recipe()
    {
        var broken = new BrokenPriceSwitch();
        return AppFixture.Create()
            .WithSandbox()
            .WithSandboxBroker(BrokerKind.Zerodha)
            .WithServices(services =>
            {
                services.AddSingleton(broken);
                services.AddHttpClient(KiteTransport.HttpClientName).AddHttpMessageHandler(() => new BrokenPriceHandler(broken));
            });
    }
}

/// <summary>Issue #17 §7: one order the broker sends with an unparseable value does not make the whole book unreadable.</summary>
public sealed class UnreadableOrderTests(SharedApp<BrokenPriceSandbox> app) : IClassFixture<SharedApp<BrokenPriceSandbox>>
{
    [Fact]
    public async Task One_unparseable_order_shows_as_unreadable_the_rest_load_and_tags_still_reconcile()
    {
        var trader = await app.NewTraderWithSessionAsync();
        await using var owner = trader;
        var ticket = new OrderTicket { AccountId = trader.AccountId, Exchange = "NSE", TradingSymbol = "INFY", Quantity = 1, OrderType = OrderType.Limit, Price = 1000m };
        var first = await trader.Orders.PlaceAsync(ticket);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await trader.Orders.PlaceAsync(ticket with { Price = 1001m });
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(PlacementOutcome.Placed, first.Outcome);
        Assert.Equal(PlacementOutcome.Placed, second.Outcome);

        app.Get<BrokenPriceSwitch>().Armed = true;
        try
        {
            var snapshot = await trader.Orders.GetTodayAsync(trader.AccountId);

            Assert.Empty(snapshot.Issues);
            var orders = Assert.Single(snapshot.Accounts).Orders;
            Assert.Equal(2, orders.Count);
            var unreadable = Assert.Single(orders, o => o.IsUnreadable);
            Assert.Equal("UNREADABLE", unreadable.RawStatus);
            Assert.False(string.IsNullOrEmpty(unreadable.OrderId));
            var readable = Assert.Single(orders, o => !o.IsUnreadable);
            Assert.Contains(readable.Price, new[] { 1000m, 1001m });

            // Reconciliation by tag reads the same book: both tags are found, the readable one with its details.
            foreach (var placed in new[] { first, second })
            {
                app.Clock.Advance(TimeSpan.FromSeconds(1));
                var settled = await trader.Orders.SettleInFlightAsync(trader.AccountId, placed.Tag, app.Clock.GetUtcNow().AddMinutes(-5), null);
                Assert.Equal(PlacementOutcome.Placed, settled.Outcome);
                Assert.Equal(placed.OrderId, settled.OrderId);
            }
        }
        finally
        {
            app.Get<BrokenPriceSwitch>().Armed = false;
        }
    }
}
