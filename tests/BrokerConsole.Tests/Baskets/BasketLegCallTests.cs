using System.Collections.Concurrent;
using BrokerConsole.Core.Baskets;
using BrokerConsole.Core.Brokers.Zerodha;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Baskets;

/// <summary>What left the app for Kite, in order: method and path of every request of the Kite client.</summary>
public sealed class KiteRequestTrail
{
    private readonly ConcurrentQueue<string> _requests = new();

    public IReadOnlyList<string> Requests => [.. _requests];

    public void Clear() => _requests.Clear();

    internal DelegatingHandler Handler() => new Recording(this);

    private sealed class Recording(KiteRequestTrail trail) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            trail._requests.Enqueue(request.Method.Method + " " + request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>The basket sandbox with every Kite request recorded (<c>app.Services.GetRequiredService&lt;KiteRequestTrail&gt;()</c>).</summary>
public sealed class BasketTrailSandbox : IAppRecipe
{
    public static AppFixture Recipe()
    {
        var trail = new KiteRequestTrail();
        return BasketSandbox.Recipe().WithServices(services =>
        {
            services.AddSingleton(trail);
            services.AddHttpClient(KiteTransport.HttpClientName).AddHttpMessageHandler(trail.Handler);
        });
    }
}

/// <summary>
/// The basket path's calls per order (issue #16, the 20 × 3 benchmark): a confirmed basket sends each leg once, in its
/// order per account, and reads each account's book once afterwards for the statuses instead of one order-history read
/// per order. Counted at the Kite client, i.e. what actually left the app.
/// </summary>
public sealed class BasketLegCallTests(SharedApp<BasketTrailSandbox> app) : IClassFixture<SharedApp<BasketTrailSandbox>>
{
    [Fact]
    public async Task Three_legs_to_a_Kite_account_are_three_posts_in_order_and_one_book_read_without_per_order_history_reads()
    {
        if ((await app.Services.GetRequiredService<InstrumentCatalog>().GetAsync()).FindForOrder(Core.Accounts.BrokerKind.Dhan, "NSE", "SBIN") is null)
        {
            await app.Services.GetRequiredService<InstrumentMasterRefresher>().RefreshAsync();
        }

        await using var user = await BasketUser.CreateAsync(app);
        var accounts = await user.AddFiveAccountsAsync(app);
        var kite = accounts[0];
        var draft = new BasketDraft
        {
            Name = "Three legs",
            Legs =
            [
                new OrderTicket { Exchange = "NSE", TradingSymbol = "INFY", Quantity = 1, OrderType = Core.Brokers.OrderType.Limit, Price = 1400m },
                new OrderTicket { Exchange = "NSE", TradingSymbol = "SBIN", Quantity = 2, OrderType = Core.Brokers.OrderType.Limit, Price = 700m },
                new OrderTicket { Exchange = "NSE", TradingSymbol = "TCS", Quantity = 3, OrderType = Core.Brokers.OrderType.Limit, Price = 3000m },
            ],
            Targets = [new BasketTarget { AccountId = kite }],
        };
        var preview = await user.Baskets.PreviewAsync(draft);
        Assert.Equal(3, preview.ToSend);
        var trail = app.Services.GetRequiredService<KiteRequestTrail>();
        trail.Clear();

        var started = await user.Baskets.PlaceAsync(draft, preview.Fingerprint, idempotencyKey: null);
        await app.Services.GetRequiredService<IScheduleRunner>().ExecuteQueuedRunAsync(started.RunId);

        var run = await user.Baskets.GetRunAsync(started.RunId);
        Assert.Equal(ScheduleRunStatus.Completed, run.Status);
        Assert.All(run.Items, i => Assert.True(i.Status == ScheduleRunItemStatus.Placed, $"{i.Summary}: {i.Status} {i.Message}"));
        // The book read gave each acknowledged order its status, as the history read did before.
        Assert.All(run.Items, i => Assert.Contains("status", i.Message, StringComparison.Ordinal));
        var requests = trail.Requests;
        Assert.Equal(3, requests.Count(r => r == "POST /sandbox/kite/orders/regular"));
        Assert.DoesNotContain(requests, r => r.StartsWith("GET /sandbox/kite/orders/", StringComparison.Ordinal));
        Assert.Equal(1, requests.Count(r => r == "GET /sandbox/kite/orders"));

        // In leg order at the broker (margin is checked in that order), each exactly once.
        var book = await user.Sessions.CallBrokerAsync(kite, (client, ct) => client.GetOrdersAsync(ct));
        var legs = run.Items.OrderBy(i => i.OrderIndex).ToList();
        var atBroker = legs.Select(i => book.Single(o => o.Tag == i.Tag || o.Tags.Contains(i.Tag))).ToList();
        Assert.Equal(["INFY", "SBIN", "TCS"], atBroker.Select(o => o.TradingSymbol));
        Assert.Equal(atBroker.Select(o => o.OrderId), legs.Select(i => i.BrokerOrderId));
        var ids = atBroker.Select(o => long.Parse(o.OrderId, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Order(), ids);
    }
}
