using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BrokerConsole.Core.ApiKeys;
using BrokerConsole.Tests.Orders;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Api;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Api;

/// <summary>Each endpoint's happy path against the hosted Kite sandbox, through real HTTP with an API key.</summary>
public sealed class ApiSandboxTests(SharedApp<OrdersSandbox> app) : IClassFixture<SharedApp<OrdersSandbox>>
{
    private async Task<(Trader Trader, HttpClient Client)> TraderWithKeyAsync()
    {
        var trader = await app.NewTraderWithSessionAsync();
        var key = await trader.Scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync("tests");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key.Secret);
        return (trader, client);
    }

    private async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        // The sandbox enforces Kite's per-second limits on the fake clock: step past them between calls.
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.RequestMessage?.RequestUri}: {response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Read_endpoints_live_session_ok()
    {
        var (trader, client) = await TraderWithKeyAsync();
        await using var owner = trader;
        using var http = client;
        var id = trader.AccountId;

        var accounts = await OkJsonAsync(await client.GetAsync("/api/v1/accounts"));
        var account = Assert.Single(accounts.EnumerateArray());
        Assert.Equal(id, account.GetProperty("id").GetGuid());
        Assert.Equal("Active", account.GetProperty("session").GetProperty("state").GetString());
        Assert.Equal(id, (await OkJsonAsync(await client.GetAsync($"/api/v1/accounts/{id}"))).GetProperty("id").GetGuid());

        var status = await OkJsonAsync(await client.GetAsync($"/api/v1/accounts/{id}/broker/status"));
        Assert.Equal("Active", status.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.String, status.GetProperty("expiresAt").ValueKind);

        Assert.Equal(JsonValueKind.Object, (await OkJsonAsync(await client.GetAsync($"/api/v1/accounts/{id}/funds"))).ValueKind);
        Assert.Equal(JsonValueKind.Object, (await OkJsonAsync(await client.GetAsync($"/api/v1/accounts/{id}/positions"))).ValueKind);
        Assert.Equal(JsonValueKind.Array, (await OkJsonAsync(await client.GetAsync($"/api/v1/accounts/{id}/holdings"))).ValueKind);
        var portfolio = await OkJsonAsync(await client.GetAsync("/api/v1/portfolio"));
        Assert.Single(portfolio.GetProperty("accounts").EnumerateArray());
        Assert.Single((await OkJsonAsync(await client.GetAsync("/api/v1/orders"))).GetProperty("accounts").EnumerateArray());
        Assert.Single((await OkJsonAsync(await client.GetAsync($"/api/v1/accounts/{id}/orders"))).GetProperty("accounts").EnumerateArray());
    }

    [Fact]
    public async Task Place_and_cancel_limit_order_outcome_with_tag()
    {
        var (trader, client) = await TraderWithKeyAsync();
        await using var owner = trader;
        using var http = client;
        var id = trader.AccountId;

        var placed = await OkJsonAsync(await client.PostAsJsonAsync($"/api/v1/accounts/{id}/orders", new
        {
            exchange = "NSE",
            tradingSymbol = "INFY",
            side = "Buy",
            quantity = 1,
            orderType = "Limit",
            price = 1000m,
        }));
        Assert.Equal("Placed", placed.GetProperty("outcome").GetString());
        Assert.False(string.IsNullOrEmpty(placed.GetProperty("tag").GetString()));
        var orderId = placed.GetProperty("orderId").GetString();

        var cancelled = await OkJsonAsync(await client.PostAsync($"/api/v1/accounts/{id}/orders/{orderId}/cancel", null));
        Assert.True(cancelled.GetProperty("succeeded").GetBoolean(), cancelled.ToString());
    }

    [Fact]
    public async Task Place_invalid_order_400_validation_problem_with_field_errors()
    {
        var (trader, client) = await TraderWithKeyAsync();
        await using var owner = trader;
        using var http = client;

        using var response = await client.PostAsJsonAsync($"/api/v1/accounts/{trader.AccountId}/orders", new { exchange = "NSE", tradingSymbol = "", side = "Buy", quantity = 0 });

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, ApiProblems.Validation);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty("TradingSymbol", out _));
        Assert.Empty(await ZerodhaTraders.BookAsync(trader));
    }

    [Fact]
    public async Task Connect_popup_broker_409_login_not_possible_and_disconnect_then_no_session()
    {
        var (trader, client) = await TraderWithKeyAsync();
        await using var owner = trader;
        using var http = client;
        var id = trader.AccountId;

        using var connect = await client.PostAsync($"/api/v1/accounts/{id}/broker/connect", null);
        await ApiAssert.ProblemAsync(connect, HttpStatusCode.Conflict, ApiProblems.LoginNotPossible, "popup");

        var disconnected = await OkJsonAsync(await client.PostAsync($"/api/v1/accounts/{id}/broker/disconnect", null));
        Assert.False(string.IsNullOrEmpty(disconnected.GetProperty("message").GetString()));
        var status = await OkJsonAsync(await client.GetAsync($"/api/v1/accounts/{id}/broker/status"));
        Assert.NotEqual("Active", status.GetProperty("state").GetString());

        using var funds = await client.GetAsync($"/api/v1/accounts/{id}/funds");
        await ApiAssert.ProblemAsync(funds, HttpStatusCode.Conflict, ApiProblems.NoSession);
        using var place = await client.PostAsJsonAsync($"/api/v1/accounts/{id}/orders", new { exchange = "NSE", tradingSymbol = "INFY", side = "Buy", quantity = 1 });
        Assert.True(place.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.OK, await place.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Validate_credentials_without_storing_ok_or_400()
    {
        var (trader, client) = await TraderWithKeyAsync();
        await using var owner = trader;
        using var http = client;

        var ok = await OkJsonAsync(await client.PostAsJsonAsync("/api/v1/broker/validate", new
        {
            broker = "Zerodha",
            displayName = "Probe",
            clientId = "AB1234",
            environment = "Sandbox",
            // validate asks the broker: the sandbox's registered app is known, the secret is honestly "not checked"
            // (Kite's "Token is invalid" for the made-up token proves nothing about it, issue 16 §4), nothing is stored.
            apiKey = Sandbox.Kite.KiteSandboxHost.ApiKey,
            apiSecret = Sandbox.Kite.KiteSandboxHost.ApiSecret,
            redirectUrl = "http://localhost:5080/connect/zerodha/callback",
        }));
        Assert.False(ok.GetProperty("valid").GetBoolean());
        Assert.Contains("not checked", ok.GetProperty("message").GetString(), StringComparison.Ordinal);
        using var bad = await client.PostAsJsonAsync("/api/v1/broker/validate", new { broker = "Zerodha", displayName = "Probe", clientId = "" });
        await ApiAssert.ProblemAsync(bad, HttpStatusCode.BadRequest, ApiProblems.Validation);

        var accounts = await OkJsonAsync(await client.GetAsync("/api/v1/accounts"));
        Assert.Single(accounts.EnumerateArray()); // nothing new was stored
    }
}

public sealed class ApiStatusTests(SharedApp<OrdersSandbox> app) : IClassFixture<SharedApp<OrdersSandbox>>
{
    [Fact]
    public async Task Status_cached_for_a_minute_and_warns_near_expiry()
    {
        var trader = await app.NewTraderWithSessionAsync();
        await using var owner = trader;
        var key = await trader.Scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync("status");
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key.Secret);
        var url = $"/api/v1/accounts/{trader.AccountId}/broker/status";

        var first = JsonDocument.Parse(await client.GetStringAsync(url)).RootElement;
        var expiresAt = first.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.Equal(JsonValueKind.Null, first.GetProperty("expiryWarning").ValueKind);

        // Disconnected behind the API's back (the UI): the cached answer still says Active within the minute.
        await trader.Sessions.DisconnectAsync(trader.AccountId);
        var cached = JsonDocument.Parse(await client.GetStringAsync(url)).RootElement;
        Assert.Equal("Active", cached.GetProperty("state").GetString());
        app.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("Active", JsonDocument.Parse(await client.GetStringAsync(url)).RootElement.GetProperty("state").GetString());

        // A minute after it was read, the status is read again and shows the disconnect.
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("None", JsonDocument.Parse(await client.GetStringAsync(url)).RootElement.GetProperty("state").GetString());

        // The warning is computed from the current clock even on a cached view: 90 minutes before expiry it is there.
        var second = await app.NewTraderWithSessionAsync();
        await using var secondOwner = second;
        var secondKey = await second.Scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync("status");
        using var secondClient = app.CreateClient();
        secondClient.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, secondKey.Secret);
        var secondUrl = $"/api/v1/accounts/{second.AccountId}/broker/status";
        app.Clock.SetUtcNow(JsonDocument.Parse(await secondClient.GetStringAsync(secondUrl)).RootElement.GetProperty("expiresAt").GetDateTimeOffset() - TimeSpan.FromMinutes(90));
        var warned = JsonDocument.Parse(await secondClient.GetStringAsync(secondUrl)).RootElement;
        Assert.Contains("expires in", warned.GetProperty("expiryWarning").GetString(), StringComparison.Ordinal);
        Assert.True(expiresAt > app.Clock.GetUtcNow() - TimeSpan.FromDays(2));
    }
}
