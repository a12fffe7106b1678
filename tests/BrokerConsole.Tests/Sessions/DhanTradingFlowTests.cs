using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Sessions;

/// <summary>Dhan order history, modify, trade book and rate limits, app ↔ Dhan sandbox over real HTTP.</summary>
public sealed class DhanTradingFlowTests(SharedApp<DhanSandbox> app) : IClassFixture<SharedApp<DhanSandbox>>
{
    private async Task<(AsyncServiceScope Scope, ISessionService Sessions, IOrderService Orders, Guid AccountId)> ConnectedAsync(string clientId, string token)
    {
        var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        var scope = app.ScopeFor(userId);
        var account = await scope.ServiceProvider.GetRequiredService<IAccountService>().CreateAsync(new AccountDraft
        {
            Broker = BrokerKind.Dhan,
            DisplayName = "Dhan trading",
            ClientId = clientId,
            Environment = AccountEnvironment.Sandbox,
            AccessToken = token,
        });
        var sessions = scope.ServiceProvider.GetRequiredService<ISessionService>();
        var connected = await sessions.ConnectDirectAsync(account.Id);
        Assert.True(connected.Succeeded, connected.Message);
        return (scope, sessions, scope.ServiceProvider.GetRequiredService<IOrderService>(), account.Id);
    }

    private static OrderRequest Limit(string securityId, decimal price, int quantity = 2) => new()
    {
        TradingSymbol = securityId,
        Exchange = "NSE",
        Side = TransactionType.Buy,
        Quantity = quantity,
        OrderType = OrderType.Limit,
        Product = ProductType.Cnc,
        Price = price,
    };

    [Fact]
    public async Task Modify_history_and_trade_book_go_to_dhan_not_to_the_book_fallback()
    {
        var (scope, sessions, orders, accountId) = await ConnectedAsync(DhanSandbox.ClientId, DhanSandbox.Token);
        await using var _ = scope;
        var resting = await sessions.CallBrokerAsync(accountId, (c, ct) => c.PlaceOrderAsync(Limit("3045", 700m), ct));

        var history = await orders.GetHistoryAsync(accountId, resting.OrderId);
        Assert.Equal(OrderStatus.Open, Assert.Single(history).Status);
        Assert.Equal(700m, history[0].Price);
        Assert.NotNull(history[0].PlacedAt);

        // Through the Orders page's service: a higher price crosses the LTP (812.40), so the order fills.
        var modified = await orders.ModifyAsync(new OrderChange(accountId, resting.OrderId, 3, 815m, null));
        Assert.True(modified.Succeeded, modified.Message);
        var after = Assert.Single(await orders.GetHistoryAsync(accountId, resting.OrderId));
        Assert.Equal((OrderStatus.Complete, 3, 815m, 812.40m), (after.Status, after.Quantity, after.Price, after.AveragePrice));

        var trade = Assert.Single(await sessions.CallBrokerAsync(accountId, (c, ct) => c.GetOrderTradesAsync(resting.OrderId, ct)));
        Assert.Equal((resting.OrderId, "SBIN", 3, 812.40m, TransactionType.Buy), (trade.OrderId, trade.TradingSymbol, trade.Quantity, trade.AveragePrice, trade.TransactionType));
        Assert.Contains(await sessions.CallBrokerAsync(accountId, (c, ct) => c.GetTradesAsync(ct)), t => t.TradeId == trade.TradeId);

        // A complete order can no longer be modified: Dhan's DH-906 is a rejection.
        await Assert.ThrowsAsync<BrokerRejectedException>(() => sessions.CallBrokerAsync(accountId, (c, ct) => c.ModifyOrderAsync(new OrderModification { OrderId = resting.OrderId, Price = 820m }, ct)));
        await Assert.ThrowsAsync<BrokerRejectedException>(() => sessions.CallBrokerAsync(accountId, (c, ct) => c.GetOrderHistoryAsync("999", ct)));
    }

    [Fact]
    public async Task Static_ip_rule_refuses_modify_and_cancel_but_not_history_or_trades()
    {
        var (scope, sessions, _, accountId) = await ConnectedAsync(DhanSandbox.IpLockedClientId, DhanSandbox.IpLockedToken);
        await using var _ = scope;
        // Placed while the client has no registered IP, then the IP is registered elsewhere.
        await SetAllowedIpsAsync(DhanSandbox.IpLockedClientId);
        var resting = await sessions.CallBrokerAsync(accountId, (c, ct) => c.PlaceOrderAsync(Limit("1594", 1400m), ct));
        await SetAllowedIpsAsync(DhanSandbox.IpLockedClientId, "203.0.113.7");

        var modify = await Assert.ThrowsAsync<StaticIpRejectedException>(() => sessions.CallBrokerAsync(accountId, (c, ct) => c.ModifyOrderAsync(new OrderModification { OrderId = resting.OrderId, Price = 1401m }, ct)));
        Assert.Contains("static IP", modify.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<StaticIpRejectedException>(() => sessions.CallBrokerAsync(accountId, (c, ct) => c.CancelOrderAsync(resting.OrderId, OrderVariety.Regular, null, ct)));

        var history = await sessions.CallBrokerAsync(accountId, (c, ct) => c.GetOrderHistoryAsync(resting.OrderId, ct));
        Assert.Equal((OrderStatus.Open, 1400m), (history[^1].Status, history[^1].Price));
        Assert.Empty(await sessions.CallBrokerAsync(accountId, (c, ct) => c.GetOrderTradesAsync(resting.OrderId, ct)));
    }

    [Fact]
    public async Task Rate_limits_answer_dh904_for_quotes_past_1_per_second_and_orders_past_10_per_second()
    {
        var quotes = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await CallAsync(HttpMethod.Post, "/v2/marketfeed/ltp", new Dictionary<string, long[]> { ["NSE_EQ"] = [3045] });
            quotes.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("DH-904", (await response.Content.ReadFromJsonAsync<Dictionary<string, string>>())!["errorCode"]);
            }
        }

        // Fixed one-second windows: three calls in under a second span at most two windows, so one is over 1/s.
        Assert.Contains(HttpStatusCode.TooManyRequests, quotes);

        var placed = new List<HttpStatusCode>();
        for (var i = 0; i < 21; i++)
        {
            using var response = await CallAsync(HttpMethod.Post, "/v2/orders", new
            {
                dhanClientId = DhanSandbox.BusyClientId,
                transactionType = "BUY",
                exchangeSegment = "NSE_EQ",
                productType = "CNC",
                orderType = "LIMIT",
                validity = "DAY",
                securityId = "3045",
                quantity = 1,
                price = 700,
            });
            placed.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, placed);
        Assert.True(placed.Count(s => s == HttpStatusCode.OK) >= 10);

        // Reads have their own, larger window.
        using var book = await CallAsync(HttpMethod.Get, "/v2/orders", null);
        Assert.Equal(HttpStatusCode.OK, book.StatusCode);
    }

    private async Task SetAllowedIpsAsync(string clientId, params string[] ips)
    {
        using var response = await app.Sandbox.Client.PostAsJsonAsync(app.SandboxRoot + "/dhan/__control/allowed-ips", new { client_id = clientId, ips });
        response.EnsureSuccessStatusCode();
    }

    private async Task<HttpResponseMessage> CallAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, app.SandboxRoot + "/dhan" + path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("access-token", DhanSandbox.BusyToken);
        request.Headers.Add("client-id", DhanSandbox.BusyClientId);
        return await app.Sandbox.Client.SendAsync(request);
    }
}

/// <summary>
/// Tokens from every login flow live 24 hours; after that Dhan answers DH-901 and the session is marked expired. A class
/// fixture is per class, so this class has a Dhan sandbox of its own: its test moves the clock a whole day.
/// </summary>
public sealed class DhanTokenLifetimeTests(SharedApp<DhanSandbox> app) : IClassFixture<SharedApp<DhanSandbox>>
{
    [Fact]
    public async Task Issued_token_expires_after_24_hours_with_dh901_and_the_app_shows_the_session_expired()
    {
        var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        await using var scope = app.ScopeFor(userId);
        var account = await scope.ServiceProvider.GetRequiredService<IAccountService>().CreateAsync(new AccountDraft
        {
            Broker = BrokerKind.Dhan,
            DhanLoginMode = DhanLoginMode.PinTotp,
            DisplayName = "Dhan PIN",
            ClientId = DhanSandbox.PinClientId,
            Environment = AccountEnvironment.Sandbox,
            Mpin = DhanSandbox.Pin,
            TotpSecret = DhanSandbox.PinTotpSecret,
        });
        var sessions = scope.ServiceProvider.GetRequiredService<ISessionService>();
        Assert.True((await sessions.ConnectDirectAsync(account.Id)).Succeeded);

        // Flow B straight at the sandbox's auth host (no body; everything in the query string).
        var totp = TotpSeed.Parse(DhanSandbox.PinTotpSecret).CodeAt(app.Clock.GetUtcNow()).Value;
        using var login = await app.Sandbox.Client.PostAsync($"{app.SandboxRoot}/dhan/auth/app/generateAccessToken?dhanClientId={DhanSandbox.PinClientId}&pin={DhanSandbox.Pin}&totp={totp}", null);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;

        app.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1));
        using (var early = await ProfileAsync(token))
        {
            Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        }

        Assert.NotNull(await sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetOrdersAsync(ct)));
        app.Clock.Advance(TimeSpan.FromMinutes(2));

        using var late = await ProfileAsync(token);
        Assert.Equal(HttpStatusCode.Unauthorized, late.StatusCode);
        Assert.Equal("DH-901", (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
        Assert.Equal(SessionState.Expired, (await sessions.GetViewAsync(account.Id)).State);
    }

    private async Task<HttpResponseMessage> ProfileAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, app.SandboxRoot + "/dhan/v2/profile");
        request.Headers.Add("access-token", token);
        request.Headers.Add("client-id", DhanSandbox.PinClientId);
        return await app.Sandbox.Client.SendAsync(request);
    }
}
