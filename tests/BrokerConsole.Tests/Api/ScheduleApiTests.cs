using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.ApiKeys;
using BrokerConsole.Core.Baskets;
using BrokerConsole.Core.Orders;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Api;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Api;

/// <summary>
/// Schedules written over REST (issue #16): <c>POST /api/v1/schedules</c>, <c>PUT</c> and <c>DELETE /api/v1/schedules/{id}</c>
/// with an API key, validated like the Schedules page, with problem details on bad input.
/// </summary>
public sealed class ScheduleApiTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<(HttpClient Client, Guid AccountId, Guid BasketId, Guid OthersAccountId)> OwnerAsync()
    {
        var ownerId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        Guid accountId, basketId;
        string key;
        await using (var scope = app.ScopeFor(ownerId))
        {
            accountId = (await scope.ServiceProvider.GetRequiredService<IAccountService>().CreateAsync(AccountDrafts.Zerodha(clientId: "SAP123"))).Id;
            basketId = (await scope.ServiceProvider.GetRequiredService<IBasketService>().CreateAsync(new BasketDraft
            {
                Name = "Morning longs",
                Legs = [new OrderTicket { Exchange = "NSE", TradingSymbol = "INFY", Quantity = 1 }],
                Targets = [new BasketTarget { AccountId = accountId }],
            })).Id;
            key = (await scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync("scripts")).Secret;
        }

        var otherId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        Guid othersAccount;
        await using (var scope = app.ScopeFor(otherId))
        {
            othersAccount = (await scope.ServiceProvider.GetRequiredService<IAccountService>().CreateAsync(AccountDrafts.Zerodha(clientId: "SAP999"))).Id;
        }

        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        return (client, accountId, basketId, othersAccount);
    }

    private static object Body(Guid accountId, string name = "Closing buy", string time = "15:10", int quantity = 1, string symbol = "infy ") => new
    {
        name,
        accountIds = new[] { accountId },
        orders = new[] { new { exchange = "NSE", tradingSymbol = symbol, side = "Buy", quantity } },
        days = new[] { "Monday", "Friday" },
        time,
        autoExecute = true,
    };

    [Fact]
    public async Task Create_update_and_delete_a_schedule_with_an_api_key()
    {
        var (client, accountId, _, _) = await OwnerAsync();
        using (client)
        {
            using var created = await client.PostAsJsonAsync("/api/v1/schedules", Body(accountId));
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
            var id = json.RootElement.GetProperty("id").GetGuid();
            Assert.Equal("15:10:00", json.RootElement.GetProperty("timeOfDay").GetString());
            Assert.Equal("INFY", json.RootElement.GetProperty("orders")[0].GetProperty("tradingSymbol").GetString());
            Assert.Equal(["Monday", "Friday"], json.RootElement.GetProperty("days").EnumerateArray().Select(d => d.GetString()));
            Assert.True(json.RootElement.GetProperty("autoExecute").GetBoolean());

            using var updated = await client.PutAsJsonAsync($"/api/v1/schedules/{id}", Body(accountId, name: "Closing buy, later", time: "15:20", quantity: 5));
            Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
            var again = await client.GetStringAsync($"/api/v1/schedules/{id}");
            Assert.Contains("Closing buy, later", again, StringComparison.Ordinal);
            Assert.Contains("15:20", again, StringComparison.Ordinal);

            using var deleted = await client.DeleteAsync($"/api/v1/schedules/{id}");
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
            Assert.Contains("Closing buy, later", await deleted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var gone = await client.GetAsync($"/api/v1/schedules/{id}");
            await ApiAssert.ProblemAsync(gone, HttpStatusCode.NotFound, ApiProblems.NotFound);
        }
    }

    [Fact]
    public async Task A_saved_basket_may_be_scheduled()
    {
        var (client, _, basketId, _) = await OwnerAsync();
        using (client)
        {
            using var created = await client.PostAsJsonAsync("/api/v1/schedules", new { name = "Basket at the close", basketId, time = "15:05" });
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
            Assert.Equal(basketId, json.RootElement.GetProperty("basketId").GetGuid());
            Assert.Equal("Morning longs", json.RootElement.GetProperty("basketName").GetString());
        }
    }

    [Fact]
    public async Task Bad_input_is_a_problem_and_saves_nothing()
    {
        var (client, accountId, _, othersAccount) = await OwnerAsync();
        using (client)
        {
            using var badTime = await client.PostAsJsonAsync("/api/v1/schedules", Body(accountId, time: "25:99"));
            var body = await ApiAssert.ProblemAsync(badTime, HttpStatusCode.BadRequest, ApiProblems.Validation);
            Assert.Contains("HH:mm", body, StringComparison.Ordinal);

            using var badOrder = await client.PostAsJsonAsync("/api/v1/schedules", Body(accountId, quantity: 0));
            body = await ApiAssert.ProblemAsync(badOrder, HttpStatusCode.BadRequest, ApiProblems.Validation);
            Assert.Contains("Order 1", body, StringComparison.Ordinal);

            using var noDays = await client.PostAsJsonAsync("/api/v1/schedules", new { name = "Never", accountIds = new[] { accountId }, orders = new[] { new { exchange = "NSE", tradingSymbol = "INFY", side = "Buy", quantity = 1 } }, days = Array.Empty<string>(), time = "15:10" });
            await ApiAssert.ProblemAsync(noDays, HttpStatusCode.BadRequest, ApiProblems.Validation);

            // Another user's account, or basket, is not found: nothing about it is revealed.
            using var notMine = await client.PostAsJsonAsync("/api/v1/schedules", Body(othersAccount));
            await ApiAssert.ProblemAsync(notMine, HttpStatusCode.NotFound, ApiProblems.NotFound);

            Assert.Equal("[]", await client.GetStringAsync("/api/v1/schedules"));
        }
    }
}
