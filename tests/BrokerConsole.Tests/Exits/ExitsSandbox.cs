using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BrokerConsole.Core.ApiKeys;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Orders;
using BrokerConsole.Tests.Instruments;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Api;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Exits;

/// <summary>
/// The instrument tests' sandbox (Kite, Angel One and Dhan users, masters served), one app per test class so each
/// class's sandbox books start empty.
/// </summary>
public sealed class ExitsSandbox : IAppRecipe
{
    public static AppFixture Recipe() => InstrumentsSandbox.Recipe();
}

/// <summary>A user with an API key, their accounts, and helpers to make and read positions at the sandbox brokers.</summary>
internal sealed class ExitTrader(TestApp app, AsyncServiceScope scope, Trader user, HttpClient client) : IAsyncDisposable
{
    public Trader User => user;

    public HttpClient Client => client;

    public IServiceProvider Services => scope.ServiceProvider;

    public static async Task<ExitTrader> CreateAsync(TestApp app)
    {
        // The catalog makes NSE:SBIN one instrument for all three brokers (SBIN, SBIN-EQ, security id 3045).
        var refreshed = await app.Services.GetRequiredService<InstrumentMasterRefresher>().RefreshAsync();
        Assert.True(refreshed.Succeeded, refreshed.Summary);
        var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        var scope = app.ScopeFor(userId);
        var key = await scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync("exits");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key.Secret);
        return new ExitTrader(app, scope, new Trader(userId, app.ScopeFor(userId)), client);
    }

    /// <summary>Places a market order and checks it filled, so the broker's position moves by it.</summary>
    public async Task FillAsync(Guid accountId, string symbol, TransactionType side, int quantity, ProductType product)
    {
        var placed = await user.Orders.PlaceAsync(new OrderTicket
        {
            AccountId = accountId,
            Exchange = "NSE",
            TradingSymbol = symbol,
            Side = side,
            Quantity = quantity,
            Product = product,
            OrderType = OrderType.Market,
        });
        Assert.True(placed.Outcome == PlacementOutcome.Placed, placed.Message);
        app.Sandbox.NextSecond();
    }

    /// <summary>The broker's net quantity of the console's NSE:SBIN in one product (its own name for it resolved by the catalog).</summary>
    public async Task<int> NetAsync(Guid accountId, ProductType product)
    {
        var positions = await user.Sessions.CallBrokerAsync(accountId, (c, ct) => c.GetPositionsAsync(ct));
        app.Sandbox.NextSecond();
        var index = await app.Services.GetRequiredService<InstrumentCatalog>().GetAsync();
        return positions.Net.Where(p => p.Product == product)
            .Where(p => index.Resolve(BrokerKindOf(accountId), p.Exchange, p.TradingSymbol, p.InstrumentToken)?.Symbol == "SBIN")
            .Sum(p => p.Quantity);
    }

    /// <summary>How many orders in the broker's book carry <paramref name="tag"/>.</summary>
    public async Task<int> CountAtBrokerAsync(Guid accountId, string tag)
    {
        var book = await user.Sessions.CallBrokerAsync(accountId, (c, ct) => c.GetOrdersAsync(ct));
        app.Sandbox.NextSecond();
        return book.Count(o => o.Tag == tag || o.Tags.Contains(tag));
    }

    public async Task<JsonElement> PostOkAsync(string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {text}");
        app.Sandbox.NextSecond();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public Dictionary<Guid, Core.Accounts.BrokerKind> Brokers { get; } = [];

    private Core.Accounts.BrokerKind BrokerKindOf(Guid accountId) => Brokers[accountId];

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await user.DisposeAsync();
        await scope.DisposeAsync();
    }
}
