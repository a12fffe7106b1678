using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using BrokerConsole.Core.ApiKeys;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Tests.Api;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Api;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Baskets;

/// <summary>
/// Baskets through the REST API over real HTTP, placed by the scheduler's executor at the Kite, Angel One and Dhan
/// sandboxes; "exactly once" is always the broker's own count of orders per tag.
/// </summary>
public sealed class BasketPlacementTests(SharedApp<BasketSandbox> app) : IClassFixture<SharedApp<BasketSandbox>>
{
    private static readonly TimeSpan _guard = TimeSpan.FromSeconds(60);

    private static object[] Legs() =>
    [
        new { exchange = "NSE", tradingSymbol = "SBIN", side = "Buy", quantity = 2, orderType = "Market" },
        new { exchange = "NSE", tradingSymbol = "INFY", side = "Buy", quantity = 1, orderType = "Limit", price = 1500.05m },
    ];

    private async Task<(BasketUser User, HttpClient Client, IReadOnlyList<Guid> Accounts)> UserWithKeyAsync()
    {
        var index = await app.Services.GetRequiredService<InstrumentCatalog>().GetAsync();
        if (index.FindForOrder(Core.Accounts.BrokerKind.Dhan, "NSE", "SBIN") is null)
        {
            var refresh = await app.Services.GetRequiredService<InstrumentMasterRefresher>().RefreshAsync();
            Assert.True((await app.Services.GetRequiredService<InstrumentCatalog>().GetAsync()).FindForOrder(Core.Accounts.BrokerKind.Dhan, "NSE", "SBIN") is not null, refresh.Summary);
        }

        var user = await BasketUser.CreateAsync(app);
        var accounts = await user.AddFiveAccountsAsync(app);
        var key = await user.Scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync("baskets");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key.Secret);
        return (user, client, accounts);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.RequestUri}: {response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Completes when the run posts its Completed progress (the executor's own signal), bounded by a guard.</summary>
    private Func<Guid, Task> WatchCompletions(string ownerId, out IDisposable subscription)
    {
        var completed = Channel.CreateUnbounded<Guid>();
        subscription = app.Services.GetRequiredService<UserEventHub<ScheduleRunProgress>>().Subscribe(ownerId, p =>
        {
            if (p.Status == ScheduleRunStatus.Completed)
            {
                completed.Writer.TryWrite(p.RunId);
            }

            return Task.CompletedTask;
        });
        var seen = new HashSet<Guid>();
        return async runId =>
        {
            using var guard = new CancellationTokenSource(_guard);
            while (!seen.Contains(runId))
            {
                seen.Add(await completed.Reader.ReadAsync(guard.Token));
            }
        };
    }

    [Fact]
    public async Task Saved_basket_of_two_legs_to_five_accounts_of_three_brokers_places_every_order_exactly_once()
    {
        var (user, client, accounts) = await UserWithKeyAsync();
        await using var owner = user;
        using var http = client;
        var completedAsync = WatchCompletions(user.UserId, out var subscription);
        using var watch = subscription;

        var basket = await JsonAsync(await client.PostAsJsonAsync("/api/v1/baskets", new
        {
            name = "Morning buys",
            legs = Legs(),
            targets = accounts.Select(a => new { accountId = a }),
            quantityRule = "Same",
        }));
        var basketId = basket.GetProperty("id").GetGuid();

        var preview = await JsonAsync(await client.PostAsync($"/api/v1/baskets/{basketId}/preview", null));
        var items = preview.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(10, items.Count);
        Assert.All(items, i => Assert.True(i.GetProperty("willSend").GetBoolean(), i.ToString()));
        // Each broker's own name for NSE:SBIN: Kite's symbol, Angel One's -EQ series, Dhan's security id.
        Assert.Equal(["SBIN", "SBIN-EQ", "SBIN-EQ", "3045", "3045"],
            items.Where(i => i.GetProperty("legIndex").GetInt32() == 0).Select(i => i.GetProperty("brokerSymbol").GetString()));

        using var place = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/baskets/{basketId}/place")
        {
            Content = JsonContent.Create(new { previewFingerprint = preview.GetProperty("fingerprint").GetString() }),
        };
        place.Headers.Add(BasketEndpoints.IdempotencyHeader, "morning-1");
        var started = await JsonAsync(await client.SendAsync(place));
        var runId = started.GetProperty("runId").GetGuid();
        Assert.False(started.GetProperty("replayed").GetBoolean());
        Assert.Equal(10, started.GetProperty("toSend").GetInt32());

        // A client retry with the same key gets the same run back and places nothing again.
        using var retry = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/baskets/{basketId}/place") { Content = JsonContent.Create(new { }) };
        retry.Headers.Add(BasketEndpoints.IdempotencyHeader, "morning-1");
        var replayed = await JsonAsync(await client.SendAsync(retry));
        Assert.Equal(runId, replayed.GetProperty("runId").GetGuid());
        Assert.True(replayed.GetProperty("replayed").GetBoolean());

        await completedAsync(runId);
        var run = await JsonAsync(await client.GetAsync($"/api/v1/basket-runs/{runId}"));
        Assert.Equal("Completed", run.GetProperty("status").GetString());
        Assert.Equal("Basket", run.GetProperty("kind").GetString());
        var outcomes = run.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(10, outcomes.Count);
        Assert.All(outcomes, i => Assert.True(i.GetProperty("status").GetString() == "Placed", i.ToString()));
        Assert.All(outcomes, i => Assert.False(string.IsNullOrEmpty(i.GetProperty("brokerOrderId").GetString())));
        Assert.Equal(10, outcomes.Select(i => i.GetProperty("tag").GetString()).Distinct().Count());
        foreach (var item in outcomes)
        {
            Assert.Equal(1, await user.CountAtBrokerAsync(app, item.GetProperty("accountId").GetGuid(), item.GetProperty("tag").GetString()!));
        }

        // The run is in the user's history beside schedule runs.
        var history = await JsonAsync(await client.GetAsync("/api/v1/runs"));
        Assert.Contains(history.EnumerateArray(), r => r.GetProperty("id").GetGuid() == runId && r.GetProperty("scheduleName").GetString() == "Morning buys");
    }

    [Fact]
    public async Task Ad_hoc_basket_skips_an_account_without_a_session_and_a_changed_preview_places_nothing()
    {
        var (user, client, accounts) = await UserWithKeyAsync();
        await using var owner = user;
        using var http = client;
        var completedAsync = WatchCompletions(user.UserId, out var subscription);
        using var watch = subscription;
        var body = new
        {
            name = "Ad hoc",
            legs = Legs(),
            targets = accounts.Take(2).Select(a => new { accountId = a }),
            quantityRule = "Same",
        };
        var preview = await JsonAsync(await client.PostAsJsonAsync("/api/v1/baskets/preview", body));

        // The Angel One session ends between the preview and the confirm: the confirm of that preview places nothing.
        await user.Sessions.DisconnectAsync(accounts[1]);
        using var stale = await client.PostAsJsonAsync("/api/v1/baskets/place", new { basket = body, previewFingerprint = preview.GetProperty("fingerprint").GetString() });
        await ApiAssert.ProblemAsync(stale, HttpStatusCode.Conflict, ApiProblems.Conflict);
        Assert.Empty((await JsonAsync(await client.GetAsync("/api/v1/runs"))).EnumerateArray());

        var fresh = await JsonAsync(await client.PostAsJsonAsync("/api/v1/baskets/preview", body));
        var started = await JsonAsync(await client.PostAsJsonAsync("/api/v1/baskets/place", new { basket = body, previewFingerprint = fresh.GetProperty("fingerprint").GetString() }));
        var runId = started.GetProperty("runId").GetGuid();
        Assert.Equal(2, started.GetProperty("toSend").GetInt32());
        await completedAsync(runId);
        var run = await JsonAsync(await client.GetAsync($"/api/v1/basket-runs/{runId}"));
        var items = run.GetProperty("items").EnumerateArray().ToList();
        Assert.All(items.Where(i => i.GetProperty("accountId").GetGuid() == accounts[0]), i => Assert.Equal("Placed", i.GetProperty("status").GetString()));
        Assert.All(items.Where(i => i.GetProperty("accountId").GetGuid() == accounts[1]), i =>
        {
            Assert.Equal("Skipped", i.GetProperty("status").GetString());
            Assert.Contains("No live session", i.GetProperty("message").GetString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Another_users_basket_and_run_are_not_found()
    {
        var (user, client, accounts) = await UserWithKeyAsync();
        await using var owner = user;
        using var http = client;
        var basket = await user.Baskets.CreateAsync(new Core.Baskets.BasketDraft
        {
            Name = "Mine",
            Legs = [new Core.Orders.OrderTicket { Exchange = "NSE", TradingSymbol = "SBIN", Quantity = 1 }],
            Targets = [new Core.Baskets.BasketTarget { AccountId = accounts[0] }],
        });
        await using var other = await BasketUser.CreateAsync(app);
        var key = await other.Scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync("other");
        using var otherClient = app.CreateClient();
        otherClient.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key.Secret);

        Assert.Empty((await JsonAsync(await otherClient.GetAsync("/api/v1/baskets"))).EnumerateArray());
        await ApiAssert.ProblemAsync(await otherClient.GetAsync($"/api/v1/baskets/{basket.Id}"), HttpStatusCode.NotFound, ApiProblems.NotFound);
        await ApiAssert.ProblemAsync(await otherClient.PostAsync($"/api/v1/baskets/{basket.Id}/place", null), HttpStatusCode.NotFound, ApiProblems.NotFound);
        await ApiAssert.ProblemAsync(await otherClient.DeleteAsync($"/api/v1/baskets/{basket.Id}"), HttpStatusCode.NotFound, ApiProblems.NotFound);
        Assert.Single(await user.Baskets.ListAsync());
    }
}
