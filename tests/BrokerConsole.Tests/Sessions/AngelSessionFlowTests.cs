using System.Net.Http.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Sessions;

/// <summary>Session service and Angel One client ↔ Angel sandbox over real HTTP.</summary>
public sealed class AngelSessionFlowTests(SharedApp<AngelSandbox> app) : IClassFixture<SharedApp<AngelSandbox>>
{
    private sealed record Actor(AsyncServiceScope Scope, IAccountService Accounts, ISessionService Sessions) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Scope.DisposeAsync();
    }

    private async Task<Actor> NewActorAsync()
    {
        var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        var scope = app.ScopeFor(userId);
        return new Actor(scope, scope.ServiceProvider.GetRequiredService<IAccountService>(), scope.ServiceProvider.GetRequiredService<ISessionService>());
    }

    private static Task<AccountSummary> AddAccountAsync(Actor actor, string mpin = AngelSandbox.Mpin, string apiKey = AngelSandbox.ApiKey, string totpSecret = AngelSandbox.TotpSecret) =>
        actor.Accounts.CreateAsync(new AccountDraft
        {
            Broker = BrokerKind.AngelOne,
            DisplayName = "Angel sandbox",
            ClientId = AngelSandbox.ClientCode,
            Environment = AccountEnvironment.Sandbox,
            ApiKey = apiKey,
            Mpin = mpin,
            TotpSecret = totpSecret,
        });

    [Fact]
    public async Task ConnectDirect_logs_in_with_mpin_and_totp_and_stores_a_session_until_the_jwt_expiry()
    {
        await using var actor = await NewActorAsync();
        var account = await AddAccountAsync(actor);

        var result = await actor.Sessions.ConnectDirectAsync(account.Id);

        Assert.True(result.Succeeded, result.Message);
        var view = await actor.Sessions.GetViewAsync(account.Id);
        Assert.Equal(SessionState.Active, view.State);
        Assert.Equal(AngelSandbox.ClientCode, view.BrokerUserId);
        Assert.Equal("Angel Tester", view.UserName);
        // The sandbox issues 24-hour JWTs; the stored expiry is the token's own exp claim.
        Assert.Equal(view.LoginTime!.Value.AddHours(24).ToUnixTimeSeconds(), view.ExpiresAt!.Value.ToUnixTimeSeconds());

        var test = await actor.Sessions.TestConnectionAsync(account.Id);
        Assert.True(test.Succeeded, test.Message);
        Assert.Equal(AngelSandbox.ClientCode, test.Profile!.UserId);
    }

    [Fact]
    public async Task ConnectDirect_with_a_wrong_mpin_fails_with_the_brokers_reason_and_stores_nothing()
    {
        await using var actor = await NewActorAsync();
        var account = await AddAccountAsync(actor, mpin: "9999");

        var result = await actor.Sessions.ConnectDirectAsync(account.Id);

        Assert.False(result.Succeeded);
        Assert.Contains("refused the login", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TOTP rejected", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("9999", result.Message, StringComparison.Ordinal);
        Assert.Equal(SessionState.None, (await actor.Sessions.GetViewAsync(account.Id)).State);
    }

    [Fact]
    public async Task ConnectDirect_with_a_wrong_totp_secret_says_totp_rejected_not_a_generic_refusal()
    {
        await using var actor = await NewActorAsync();
        // Valid Base32, but not this user's seed: the sandbox answers AB1050 "Invalid totp", as Angel does.
        const string wrongSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        var account = await AddAccountAsync(actor, totpSecret: wrongSecret);

        var result = await actor.Sessions.ConnectDirectAsync(account.Id);

        Assert.False(result.Succeeded);
        Assert.StartsWith("TOTP rejected by Angel One: check the stored TOTP secret", result.Message, StringComparison.Ordinal);
        Assert.Contains("server's clock", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongSecret, result.Message, StringComparison.Ordinal);
        Assert.Equal(SessionState.None, (await actor.Sessions.GetViewAsync(account.Id)).State);
    }

    [Fact]
    public async Task Broker_side_expiry_marks_the_session_expired_on_the_next_call()
    {
        await using var actor = await NewActorAsync();
        var account = await AddAccountAsync(actor);
        var connected = await actor.Sessions.ConnectDirectAsync(account.Id);
        Assert.True(connected.Succeeded, connected.Message);

        using var expire = await app.Sandbox.Client.PostAsJsonAsync(app.SandboxRoot + "/angel/__control/tokens/expire", new { client_code = AngelSandbox.ClientCode });
        expire.EnsureSuccessStatusCode();

        var test = await actor.Sessions.TestConnectionAsync(account.Id);
        Assert.False(test.Succeeded);
        Assert.Equal(SessionState.Expired, (await actor.Sessions.GetViewAsync(account.Id)).State);
    }

    [Fact]
    public async Task Orders_positions_holdings_funds_and_prices_round_trip_through_the_sandbox()
    {
        await using var actor = await NewActorAsync();
        var account = await AddAccountAsync(actor);
        var connected = await actor.Sessions.ConnectDirectAsync(account.Id);
        Assert.True(connected.Succeeded, connected.Message);

        var resting = await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.PlaceOrderAsync(new OrderRequest
        {
            TradingSymbol = "SBIN",
            Exchange = "NSE",
            Side = TransactionType.Buy,
            Quantity = 2,
            OrderType = OrderType.Limit,
            Product = ProductType.Cnc,
            Price = 700m,
            Tag = "rest1",
        }, ct));
        var filled = await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.PlaceOrderAsync(new OrderRequest
        {
            TradingSymbol = "INFY",
            Exchange = "NSE",
            Side = TransactionType.Buy,
            Quantity = 3,
            OrderType = OrderType.Market,
            Product = ProductType.Mis,
        }, ct));
        await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.CancelOrderAsync(resting.OrderId, OrderVariety.Regular, null, ct));

        var orders = await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetOrdersAsync(ct));
        Assert.Equal(OrderStatus.Cancelled, orders.Single(o => o.OrderId == resting.OrderId).Status);
        Assert.Equal("rest1", orders.Single(o => o.OrderId == resting.OrderId).Tag);
        var infy = orders.Single(o => o.OrderId == filled.OrderId);
        Assert.Equal(OrderStatus.Complete, infy.Status);
        Assert.Equal(1502.50m, infy.AveragePrice);

        var positions = await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetPositionsAsync(ct));
        var line = Assert.Single(positions.Net);
        Assert.Equal("INFY-EQ", line.TradingSymbol);
        Assert.Equal(3, line.Quantity);

        var holding = Assert.Single(await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetHoldingsAsync(ct)));
        Assert.Equal("SBIN-EQ", holding.TradingSymbol);
        Assert.Equal(25, holding.Quantity);

        var funds = await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetFundsAsync(ct));
        Assert.Equal(100000m - (3 * 1502.50m), funds.Equity!.AvailableCash);

        var sbin = new InstrumentKey("NSE", "SBIN");
        var prices = await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetLastPricesAsync([sbin, new InstrumentKey("NSE", "NOSUCH")], ct));
        Assert.Equal(812.40m, Assert.Single(prices).Value.Price);
    }

    [Fact]
    public async Task Order_from_an_unregistered_ip_is_rejected_as_a_static_ip_refusal_while_reads_work()
    {
        await using var actor = await NewActorAsync();
        var account = await AddAccountAsync(actor, apiKey: AngelSandbox.IpLockedApiKey);
        var connected = await actor.Sessions.ConnectDirectAsync(account.Id);
        Assert.True(connected.Succeeded, connected.Message);

        var error = await Assert.ThrowsAsync<StaticIpRejectedException>(() => actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.PlaceOrderAsync(new OrderRequest
        {
            TradingSymbol = "SBIN",
            Exchange = "NSE",
            Side = TransactionType.Buy,
            Quantity = 1,
            OrderType = OrderType.Limit,
            Product = ProductType.Cnc,
            Price = 700m,
        }, ct)));

        Assert.Contains("static IP", error.Message, StringComparison.Ordinal);
        Assert.Equal(SessionState.Active, (await actor.Sessions.GetViewAsync(account.Id)).State);
        Assert.NotNull(await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetOrdersAsync(ct)));
    }

    [Fact]
    public async Task Disconnect_logs_out_at_the_sandbox_so_the_token_is_dead_there_too()
    {
        await using var actor = await NewActorAsync();
        var account = await AddAccountAsync(actor);
        var connected = await actor.Sessions.ConnectDirectAsync(account.Id);
        Assert.True(connected.Succeeded, connected.Message);
        var token = await actor.Sessions.RevealAccessTokenAsync(account.Id);

        var outcome = await actor.Sessions.DisconnectAsync(account.Id);

        Assert.Equal("the token was invalidated at Angel One", outcome);
        using var request = new HttpRequestMessage(HttpMethod.Get, app.SandboxRoot + "/angel/rest/secure/angelbroking/user/v1/getProfile");
        foreach (var (name, value) in new[] { ("X-UserType", "USER"), ("X-SourceID", "WEB"), ("X-ClientLocalIP", "1.1.1.1"), ("X-ClientPublicIP", "1.1.1.1"), ("X-MACAddress", "m"), ("X-PrivateKey", AngelSandbox.ApiKey) })
        {
            request.Headers.Add(name, value);
        }

        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await app.Sandbox.Client.SendAsync(request);
        Assert.Contains("AG8001", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orders_page_services_work_for_angel_one_place_list_history_and_cancel()
    {
        await using var actor = await NewActorAsync();
        var account = await AddAccountAsync(actor);
        Assert.True((await actor.Sessions.ConnectDirectAsync(account.Id)).Succeeded);
        var orders = actor.Scope.ServiceProvider.GetRequiredService<BrokerConsole.Core.Orders.IOrderService>();

        var placed = await orders.PlaceAsync(new BrokerConsole.Core.Orders.OrderTicket
        {
            AccountId = account.Id,
            Exchange = "NSE",
            TradingSymbol = "SBIN",
            Quantity = 1,
            OrderType = OrderType.Limit,
            Product = ProductType.Cnc,
            Price = 700m,
        });
        Assert.Equal(BrokerConsole.Core.Orders.PlacementOutcome.Placed, placed.Outcome);

        // Angel's client has no trade book or history yet: the book still shows, and history falls back to it.
        var today = await orders.GetTodayAsync(account.Id);
        Assert.Empty(today.Issues);
        Assert.Contains(today.Accounts.Single().Orders, o => o.OrderId == placed.OrderId);
        var history = await orders.GetHistoryAsync(account.Id, placed.OrderId!);
        Assert.Equal(placed.OrderId, Assert.Single(history).OrderId);

        var cancelled = await orders.CancelAsync(account.Id, placed.OrderId!);
        Assert.True(cancelled.Succeeded, cancelled.Message);
        var after = await orders.GetTodayAsync(account.Id);
        Assert.Equal(OrderStatus.Cancelled, after.Accounts.Single().Orders.Single(o => o.OrderId == placed.OrderId).Status);
    }
}
