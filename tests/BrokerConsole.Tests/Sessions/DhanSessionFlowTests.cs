using System.Net.Http.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Core.Sessions.Monitoring;
using BrokerConsole.Tests.Sandbox.Kite;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Sessions;

/// <summary>The app in-process with its Dhan client pointed at the sandbox host over real HTTP; one fake clock.</summary>
public class DhanSandboxedApp : TestApp, IAsyncLifetime
{
    public const string ClientId = "1100000009";
    public const string Token = "dhan-test-token-0009";
    public const string IpLockedClientId = "1100000010";
    public const string IpLockedToken = "dhan-test-token-0010";

    /// <summary>Only the test that expires its token uses this client, so the others keep a live token.</summary>
    public const string ExpiringClientId = "1100000011";
    public const string ExpiringToken = "dhan-test-token-0011";

    /// <summary>Logs in with PIN + TOTP (flow B); holds HDFCBANK.</summary>
    public const string PinClientId = "1100000012";
    public const string Pin = "135790";
    public const string PinTotpSecret = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U";

    /// <summary>Logs in through the API key consent (flow C).</summary>
    public const string ConsentClientId = "1100000013";
    public const string ConsentPin = "112233";
    public const string ConsentTotpSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    /// <summary>Only the rate-limit test uses this client, so its windows do not disturb the others.</summary>
    public const string BusyClientId = "1100000014";
    public const string BusyToken = "dhan-test-token-0014";

    public const string ApiKey = "dhan-test-app";
    public const string ApiSecret = "dhan-test-secret-01";
    public const string CappedApiKey = "dhan-capped-app";
    public const string CappedApiSecret = "dhan-capped-secret-01";
    public const string RedirectUrl = "http://localhost:5080/connect/dhan/callback";

    public KiteSandboxHost Sandbox { get; private set; } = default!;

    public FakeTimeProvider Clock => Sandbox.Clock!;

    public string DhanRoot => Sandbox.BaseUrl[..^"/kite".Length] + "/dhan";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Sandbox:Enabled"] = "false",
        ["Brokers:Dhan:SandboxApiRoot"] = DhanRoot + "/v2",
        ["Brokers:Dhan:SandboxAuthRoot"] = DhanRoot + "/auth",
        // The canary scan reads every line the app writes, the transport's debug lines included.
        ["Logging:LogLevel:BrokerConsole"] = "Trace",
    };

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    public async Task InitializeAsync() => Sandbox = await KiteSandboxHost.StartAsync(settings =>
    {
        settings["Sandbox:Dhan:Users:0:ClientId"] = ClientId;
        settings["Sandbox:Dhan:Users:0:Name"] = "Dhan Tester";
        settings["Sandbox:Dhan:Users:0:AccessToken"] = Token;
        settings["Sandbox:Dhan:Users:0:OpeningBalance"] = "100000";
        settings["Sandbox:Dhan:Users:1:ClientId"] = IpLockedClientId;
        settings["Sandbox:Dhan:Users:1:Name"] = "Dhan Locked";
        settings["Sandbox:Dhan:Users:1:AccessToken"] = IpLockedToken;
        settings["Sandbox:Dhan:Users:1:AllowedOrderIps:0"] = "203.0.113.7";
        settings["Sandbox:Dhan:Users:2:ClientId"] = ExpiringClientId;
        settings["Sandbox:Dhan:Users:2:Name"] = "Dhan Expiring";
        settings["Sandbox:Dhan:Users:2:AccessToken"] = ExpiringToken;
        settings["Sandbox:Dhan:Users:2:OpeningBalance"] = "100000";
        settings["Sandbox:Dhan:Users:3:ClientId"] = PinClientId;
        settings["Sandbox:Dhan:Users:3:Name"] = "Dhan Pin";
        settings["Sandbox:Dhan:Users:3:Pin"] = Pin;
        settings["Sandbox:Dhan:Users:3:TotpSecret"] = PinTotpSecret;
        settings["Sandbox:Dhan:Users:3:Holdings:0:SecurityId"] = "1333";
        settings["Sandbox:Dhan:Users:3:Holdings:0:Quantity"] = "5";
        settings["Sandbox:Dhan:Users:3:Holdings:0:AveragePrice"] = "1600";
        settings["Sandbox:Dhan:Users:4:ClientId"] = ConsentClientId;
        settings["Sandbox:Dhan:Users:4:Name"] = "Dhan Consent";
        settings["Sandbox:Dhan:Users:4:Pin"] = ConsentPin;
        settings["Sandbox:Dhan:Users:4:TotpSecret"] = ConsentTotpSecret;
        settings["Sandbox:Dhan:Users:5:ClientId"] = BusyClientId;
        settings["Sandbox:Dhan:Users:5:Name"] = "Dhan Busy";
        settings["Sandbox:Dhan:Users:5:AccessToken"] = BusyToken;
        settings["Sandbox:Dhan:Apps:0:ApiKey"] = ApiKey;
        settings["Sandbox:Dhan:Apps:0:ApiSecret"] = ApiSecret;
        settings["Sandbox:Dhan:Apps:0:RedirectUrl"] = RedirectUrl;
        settings["Sandbox:Dhan:Apps:1:ApiKey"] = CappedApiKey;
        settings["Sandbox:Dhan:Apps:1:ApiSecret"] = CappedApiSecret;
        settings["Sandbox:Dhan:Apps:1:RedirectUrl"] = RedirectUrl;
    });

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>Dhan token validation as the session, and client calls ↔ Dhan sandbox over real HTTP.</summary>
public sealed class DhanSessionFlowTests(DhanSandboxedApp app) : IClassFixture<DhanSandboxedApp>
{
    private async Task<(AsyncServiceScope Scope, IAccountService Accounts, ISessionService Sessions)> NewActorAsync()
    {
        var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        var scope = app.ScopeFor(userId);
        return (scope, scope.ServiceProvider.GetRequiredService<IAccountService>(), scope.ServiceProvider.GetRequiredService<ISessionService>());
    }

    private static Task<AccountSummary> AddAccountAsync(IAccountService accounts, string clientId = DhanSandboxedApp.ClientId, string token = DhanSandboxedApp.Token) =>
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
        using var request = new HttpRequestMessage(HttpMethod.Get, app.DhanRoot + "/v2/profile");
        request.Headers.Add("access-token", DhanSandboxedApp.Token);
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
        Assert.Equal(DhanSandboxedApp.ClientId, view.BrokerUserId);
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
        var account = await AddAccountAsync(accounts, DhanSandboxedApp.ExpiringClientId, DhanSandboxedApp.ExpiringToken);
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

        using var expire = await app.Sandbox.Client.PostAsJsonAsync(app.DhanRoot + "/__control/tokens/expire", new { client_id = DhanSandboxedApp.ExpiringClientId });
        expire.EnsureSuccessStatusCode();
        await Assert.ThrowsAsync<SessionExpiredException>(() => sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetOrdersAsync(ct)));
        Assert.Equal(SessionState.Expired, (await sessions.GetViewAsync(account.Id)).State);
    }

    [Fact]
    public async Task Order_from_an_unregistered_ip_is_a_static_ip_refusal_while_reads_work()
    {
        var (scope, accounts, sessions) = await NewActorAsync();
        await using var _ = scope;
        var account = await AddAccountAsync(accounts, DhanSandboxedApp.IpLockedClientId, DhanSandboxedApp.IpLockedToken);
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
