using System.Collections.Concurrent;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Orders;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Orders;

/// <summary>Counts what reaches the sandbox, by method and path.</summary>
public sealed class SandboxRequestCounter : IStartupFilter
{
    private readonly ConcurrentQueue<string> _seen = new();

    public int Count(string method, string pathEnd) =>
        _seen.Count(s => s.StartsWith(method + " ", StringComparison.Ordinal) && s.EndsWith(pathEnd, StringComparison.Ordinal));

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, inner) =>
        {
            _seen.Enqueue(context.Request.Method + " " + context.Request.Path);
            await inner(context);
        });
        next(app);
    };
}

/// <summary>The app against a Kite sandbox that counts the requests it gets (<c>app.Get&lt;SandboxRequestCounter&gt;()</c>), on one fake clock.</summary>
public sealed class CountingSandbox : IAppRecipe
{
    public static AppFixture Recipe()
    {
        var requests = new SandboxRequestCounter();
        return AppFixture.Create()
            .WithSandbox(services: s => s.AddSingleton<IStartupFilter>(requests))
            .WithSandboxBroker(BrokerKind.Zerodha)
            .WithSetting("Brokers:Zerodha:ReadRetryCount", "0")
            .WithServices(s => s.AddSingleton(requests));
    }
}

/// <summary>One poller per user whatever the number of Orders tabs, counted at the sandbox's /orders.</summary>
public sealed class OrderBookPollerTests(SharedApp<CountingSandbox> app) : IClassFixture<SharedApp<CountingSandbox>>
{
    private SandboxRequestCounter Requests => app.Get<SandboxRequestCounter>();

    private async Task<string> UserWithLiveAccountAsync()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        return trader.UserId;
    }

    private sealed class Tab(AsyncServiceScope scope) : IAsyncDisposable
    {
        private TaskCompletionSource<OrdersSnapshot> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IDisposable? Watch { get; set; }

        public Task<OrdersSnapshot> Next => _next.Task;

        public Task<OrdersSnapshot> ReadAsync(CancellationToken ct) => scope.ServiceProvider.GetRequiredService<IOrderService>().GetTodayAsync(cancellationToken: ct);

        public Task DeliverAsync(OrdersSnapshot snapshot)
        {
            Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult(snapshot);
            return Task.CompletedTask;
        }

        public async ValueTask DisposeAsync()
        {
            Watch?.Dispose();
            await scope.DisposeAsync();
        }
    }

    [Fact]
    public async Task Three_tabs_of_one_user_read_the_book_once_per_interval_and_nothing_when_none_watches()
    {
        var userId = await UserWithLiveAccountAsync();
        var poller = app.Services.GetRequiredService<OrderBookPoller>();
        var tabs = Enumerable.Range(0, 3).Select(_ => new Tab(app.ScopeFor(userId))).ToList();
        foreach (var tab in tabs)
        {
            tab.Watch = poller.Watch(userId, tab.ReadAsync, tab.DeliverAsync);
        }

        Assert.Equal(3, poller.Watchers(userId));
        var before = Requests.Count("GET", "/orders");
        var delivered = tabs.Select(t => t.Next).ToList();

        app.Clock.Advance(OrderBookPoller.Interval);
        var snapshots = await Task.WhenAll(delivered).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(snapshots, s => Assert.Single(s.Accounts));
        Assert.Equal(before + 1, Requests.Count("GET", "/orders"));

        // Two tabs closed (or hidden): the one left still gets one read per interval.
        await tabs[0].DisposeAsync();
        await tabs[1].DisposeAsync();
        var next = tabs[2].Next;
        app.Clock.Advance(OrderBookPoller.Interval);
        await next.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(before + 2, Requests.Count("GET", "/orders"));

        // The last one goes: the user's loop ends, so no later interval can reach the broker.
        await tabs[2].DisposeAsync();
        Assert.Equal(0, poller.Watchers(userId));
        app.Clock.Advance(OrderBookPoller.Interval * 3);
        Assert.Equal(before + 2, Requests.Count("GET", "/orders"));
    }
}
