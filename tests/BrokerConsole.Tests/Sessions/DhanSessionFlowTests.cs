using System.Net.Http.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Core.Sessions.Monitoring;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Sessions;

/// <summary>Dhan token validation as the session, and client calls ↔ Dhan sandbox over real HTTP.</summary>
public sealed class DhanSessionFlowTests(SharedApp<DhanSandbox> app) : IClassFixture<SharedApp<DhanSandbox>>
{
    private async Task<(AsyncServiceScope Scope, IAccountService Accounts, ISessionService Sessions)> NewActorAsync()
    {
        var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        var scope = app.ScopeFor(userId);
        return (scope, scope.ServiceProvider.GetRequiredService<IAccountService>(), scope.ServiceProvider.GetRequiredService<ISessionService>());
    }

    private static Task<AccountSummary> AddAccountAsync(IAccountService accounts, string clientId = DhanSandbox.ClientId, string token = DhanSandbox.Token) =>
        accounts.CreateAsync(new AccountDraft
        {
            Broker = BrokerKind.Dhan,
            DisplayName = "Dhan sandbox",
            ClientId = clientId,
            Environment = AccountEnvironment.Sandbox,
            AccessToken = token,
        });

    [Fact]
    public async Task Monitor_sweep_of_a_token_account_sends_its_client_id_and_keeps_the_session_healthy()
    {
        // A token account has no API key. The sweep once built its connection without the client id, so the Dhan
        // client sent an empty client-id header, which Dhan (and now its sandbox) refuses as DH-901: every sweep
        // would have marked a live session expired.
        var (scope, accounts, sessions) = await NewActorAsync();
        await using var _ = scope;
        var account = await AddAccountAsync(accounts);
        Assert.True((await sessions.ConnectDirectAsync(account.Id)).Succeeded);

        await app.Services.GetRequiredService<ISessionSweeper>().SweepAsync();

        var view = await sessions.GetViewAsync(account.Id);
        Assert.Equal((SessionState.Active, SessionHealth.Healthy), (view.State, view.Health));
    }

    [Fact]
    public async Task Sandbox_refuses_a_call_with_an_empty_client_id_as_dhan_does()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, app.SandboxRoot + "/dhan/v2/profile");
        request.Headers.Add("access-token", DhanSandbox.Token);
        request.Headers.Add("client-id", "");
        using var response = await app.Sandbox.Client.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("DH-901", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectDirect_validates_the_token_and_stores_it_until_its_validity()
    {
        var (scope, accounts, sessions) = await NewActorAsync();
        await using var _ = scope;
        var account = await AddAccountAsync(accounts);

        var result = await sessions.ConnectDirectAsync(account.Id);

        Assert.True(result.Succeeded, result.Message);
        var view = await sessions.GetViewAsync(account.Id);
        Assert.Equal(DhanSandbox.ClientId, view.BrokerUserId);
        Assert.InRange(view.ExpiresAt!.Value - view.LoginTime!.Value, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
        Assert.True((await sessions.TestConnectionAsync(account.Id)).Succeeded);
    }

    [Fact]
    public async Task ConnectDirect_with_a_bad_token_says_to_generate_a_new_one()
    {
        var (scope, accounts, sessions) = await NewActorAsync();
        await using var _ = scope;
        var account = await AddAccountAsync(accounts, token: "not-a-real-token-01");

        var result = await sessions.ConnectDirectAsync(account.Id);

        Assert.False(result.Succeeded);
        Assert.Contains("generate a new one on web.dhan.co", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-real-token-01", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orders_funds_prices_round_trip_and_dh901_marks_the_session_expired()
    {
        var (scope, accounts, sessions) = await NewActorAsync();
        await using var _ = scope;
        var account = await AddAccountAsync(accounts, DhanSandbox.ExpiringClientId, DhanSandbox.ExpiringToken);
        Assert.True((await sessions.ConnectDirectAsync(account.Id)).Succeeded);

        var resting = await sessions.CallBrokerAsync(account.Id, (c, ct) => c.PlaceOrderAsync(new OrderRequest
        {
            TradingSymbol = "3045",
            Exchange = "NSE",
            Side = TransactionType.Buy,
            Quantity = 2,
            OrderType = OrderType.Limit,
            Product = ProductType.Cnc,
            Price = 700m,
            Tag = "r1",
        }, ct));
        await sessions.CallBrokerAsync(account.Id, (c, ct) => c.PlaceOrderAsync(new OrderRequest
        {
            TradingSymbol = "1594",
            Exchange = "NSE",
            Side = TransactionType.Buy,
            Quantity = 3,
            OrderType = OrderType.Market,
            Product = ProductType.Mis,
        }, ct));
        await sessions.CallBrokerAsync(account.Id, (c, ct) => c.CancelOrderAsync(resting.OrderId, OrderVariety.Regular, null, ct));

        var orders = await sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetOrdersAsync(ct));
        Assert.Equal(OrderStatus.Cancelled, orders.Single(o => o.OrderId == resting.OrderId).Status);
        Assert.Contains(orders, o => o.TradingSymbol == "INFY" && o.Status == OrderStatus.Complete);
        Assert.Equal(3, Assert.Single((await sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetPositionsAsync(ct))).Net).Quantity);
        Assert.Equal(100000m - (3 * 1502.50m), (await sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetFundsAsync(ct))).Equity!.Net);
        var sbin = new InstrumentKey("NSE", "3045");
        Assert.Equal(812.40m, (await sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetLastPricesAsync([sbin], ct)))[sbin].Price);

        using var expire = await app.Sandbox.Client.PostAsJsonAsync(app.SandboxRoot + "/dhan/__control/tokens/expire", new { client_id = DhanSandbox.ExpiringClientId });
        expire.EnsureSuccessStatusCode();
        await Assert.ThrowsAsync<SessionExpiredException>(() => sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetOrdersAsync(ct)));
        Assert.Equal(SessionState.Expired, (await sessions.GetViewAsync(account.Id)).State);
    }

    [Fact]
    public async Task Order_from_an_unregistered_ip_is_a_static_ip_refusal_while_reads_work()
    {
        var (scope, accounts, sessions) = await NewActorAsync();
        await using var _ = scope;
        var account = await AddAccountAsync(accounts, DhanSandbox.IpLockedClientId, DhanSandbox.IpLockedToken);
        Assert.True((await sessions.ConnectDirectAsync(account.Id)).Succeeded);

        await Assert.ThrowsAsync<StaticIpRejectedException>(() => sessions.CallBrokerAsync(account.Id, (c, ct) => c.PlaceOrderAsync(new OrderRequest
        {
            TradingSymbol = "3045",
            Exchange = "NSE",
            Side = TransactionType.Buy,
            Quantity = 1,
            OrderType = OrderType.Market,
            Product = ProductType.Cnc,
        }, ct)));
        Assert.NotNull(await sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetOrdersAsync(ct)));
    }
}
