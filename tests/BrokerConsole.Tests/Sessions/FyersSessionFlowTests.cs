using System.Net;
using System.Net.Http.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Sessions;

/// <summary>Fyers popup login (state, auth_code, appIdHash) and client calls ↔ Fyers sandbox over real HTTP.</summary>
public sealed class FyersSessionFlowTests(SharedApp<FyersSandbox> app) : IClassFixture<SharedApp<FyersSandbox>>
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

    private static Task<AccountSummary> AddAccountAsync(Actor actor, string secret = FyersSandbox.Secret, string appId = FyersSandbox.AppId, string fyId = FyersSandbox.FyId) =>
        actor.Accounts.CreateAsync(new AccountDraft
        {
            Broker = BrokerKind.Fyers,
            DisplayName = "Fyers sandbox",
            ClientId = fyId,
            Environment = AccountEnvironment.Sandbox,
            ApiKey = appId,
            ApiSecret = secret,
            RedirectUrl = FyersSandbox.RedirectUrl,
        });

    /// <summary>What the popup does: open the login page, submit the form, follow nothing (the redirect goes to the app).</summary>
    private async Task<Dictionary<string, string>> LogInAtSandboxAsync(Uri loginUri, string action = "login", string fyId = FyersSandbox.FyId)
    {
        using var page = await app.Sandbox.Client.GetAsync(loginUri);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var query = QueryHelpers.ParseQuery(loginUri.Query);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = query["client_id"].ToString(),
            ["state"] = query["state"].ToString(),
            ["fy_id"] = fyId,
            ["pin"] = FyersSandbox.Pin,
            ["totp"] = TotpSeed.Parse(FyersSandbox.TotpSecret).CodeAt(app.Clock.GetUtcNow()).Value,
            ["action"] = action,
        });
        using var response = await app.Sandbox.Client.PostAsync(loginUri, form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(FyersSandbox.RedirectUrl, response.Headers.Location!.ToString(), StringComparison.Ordinal);
        return QueryHelpers.ParseQuery(response.Headers.Location.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    private async Task<LoginResult> ConnectAsync(Actor actor, Guid accountId, string fyId = FyersSandbox.FyId)
    {
        var back = await LogInAtSandboxAsync(await actor.Sessions.BeginPopupLoginAsync(accountId), fyId: fyId);
        return await actor.Sessions.CompleteFyersLoginAsync(back["state"], back["s"], back.GetValueOrDefault("auth_code"));
    }

    [Fact]
    public async Task Popup_login_exchanges_the_auth_code_and_stores_a_session_until_the_next_0600_ist()
    {
        await using var actor = await NewActorAsync();
        var account = await AddAccountAsync(actor);

        var result = await ConnectAsync(actor, account.Id);

        Assert.True(result.Succeeded, result.Message);
        var view = await actor.Sessions.GetViewAsync(account.Id);
        Assert.Equal(SessionState.Active, view.State);
        Assert.Equal(FyersSandbox.FyId, view.BrokerUserId);
        Assert.Equal(SessionExpiryRules.NextDailyFlush(view.LoginTime!.Value).ToUnixTimeSeconds(), view.ExpiresAt!.Value.ToUnixTimeSeconds());
        var test = await actor.Sessions.TestConnectionAsync(account.Id);
        Assert.True(test.Succeeded, test.Message);
    }

    [Fact]
    public async Task Replayed_callback_state_is_refused_and_a_wrong_secret_fails_with_a_specific_message()
    {
        await using var actor = await NewActorAsync();
        var account = await AddAccountAsync(actor, secret: "not-the-right-secret");
        var back = await LogInAtSandboxAsync(await actor.Sessions.BeginPopupLoginAsync(account.Id));

        var first = await actor.Sessions.CompleteFyersLoginAsync(back["state"], back["s"], back["auth_code"]);
        var replay = await actor.Sessions.CompleteFyersLoginAsync(back["state"], back["s"], back["auth_code"]);

        Assert.Equal(LoginOutcomeKind.ExchangeFailed, first.Outcome);
        Assert.Contains("app secret", first.Message, StringComparison.Ordinal);
        Assert.Equal(LoginOutcomeKind.InvalidState, replay.Outcome);
        Assert.Equal(SessionState.None, (await actor.Sessions.GetViewAsync(account.Id)).State);
    }

    [Fact]
    public async Task Cancelled_login_leaves_the_account_unchanged()
    {
        await using var actor = await NewActorAsync();
        var account = await AddAccountAsync(actor);
        var back = await LogInAtSandboxAsync(await actor.Sessions.BeginPopupLoginAsync(account.Id), action: "cancel");

        var result = await actor.Sessions.CompleteFyersLoginAsync(back["state"], back["s"], back.GetValueOrDefault("auth_code"));

        Assert.Equal(LoginOutcomeKind.Cancelled, result.Outcome);
    }

    [Fact]
    public async Task Orders_positions_funds_and_prices_round_trip_and_expiry_is_detected()
    {
        await using var actor = await NewActorAsync();
        var account = await AddAccountAsync(actor);
        var connected = await ConnectAsync(actor, account.Id);
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
        Assert.Equal(OrderStatus.Complete, orders.Single(o => o.OrderId == filled.OrderId).Status);
        var line = Assert.Single((await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetPositionsAsync(ct))).Net);
        Assert.Equal(3, line.Quantity);
        var funds = await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetFundsAsync(ct));
        Assert.Equal(200000m - (3 * 1502.50m), funds.Equity!.Net);
        var sbin = new InstrumentKey("NSE", "SBIN");
        Assert.Equal(812.40m, (await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetLastPricesAsync([sbin], ct)))[sbin].Price);

        using var expire = await app.Sandbox.Client.PostAsJsonAsync(app.SandboxRoot + "/fyers/__control/tokens/expire", new { fy_id = FyersSandbox.FyId });
        expire.EnsureSuccessStatusCode();
        await Assert.ThrowsAsync<SessionExpiredException>(() => actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetOrdersAsync(ct)));
        Assert.Equal(SessionState.Expired, (await actor.Sessions.GetViewAsync(account.Id)).State);
    }

    [Fact]
    public async Task Order_from_an_unregistered_ip_is_a_static_ip_refusal_while_reads_work()
    {
        await using var actor = await NewActorAsync();
        var account = await AddAccountAsync(actor, appId: FyersSandbox.IpLockedAppId);
        var connected = await ConnectAsync(actor, account.Id);
        Assert.True(connected.Succeeded, connected.Message);

        await Assert.ThrowsAsync<StaticIpRejectedException>(() => actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.PlaceOrderAsync(new OrderRequest
        {
            TradingSymbol = "SBIN",
            Exchange = "NSE",
            Side = TransactionType.Buy,
            Quantity = 1,
            OrderType = OrderType.Market,
            Product = ProductType.Cnc,
        }, ct)));
        await Assert.ThrowsAsync<StaticIpRejectedException>(() => actor.Sessions.CallBrokerAsync(account.Id,
            (c, ct) => c.ModifyOrderAsync(new OrderModification { OrderId = "261124000000001", Price = 700m }, ct)));
        await Assert.ThrowsAsync<StaticIpRejectedException>(() => actor.Sessions.CallBrokerAsync(account.Id,
            (c, ct) => c.CancelOrderAsync("261124000000001", OrderVariety.Regular, null, ct)));
        Assert.NotNull(await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetOrdersAsync(ct)));
        Assert.NotNull(await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetTradesAsync(ct)));
    }

    [Fact]
    public async Task Modify_history_and_trade_book_follow_one_order_from_resting_to_filled()
    {
        await using var actor = await NewActorAsync();
        var account = await AddAccountAsync(actor, fyId: FyersSandbox.SecondFyId);
        var connected = await ConnectAsync(actor, account.Id, FyersSandbox.SecondFyId);
        Assert.True(connected.Succeeded, connected.Message);
        var ltp = (await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetLastPricesAsync([new InstrumentKey("NSE", "TCS")], ct))).Single().Value.Price;

        var placed = await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.PlaceOrderAsync(new OrderRequest
        {
            TradingSymbol = "TCS",
            Exchange = "NSE",
            Side = TransactionType.Buy,
            Quantity = 2,
            OrderType = OrderType.Limit,
            Product = ProductType.Cnc,
            Price = ltp - 200m,
            Tag = "mod1",
        }, ct));
        var before = Assert.Single(await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetOrderHistoryAsync(placed.OrderId, ct)));
        Assert.Equal(OrderStatus.Open, before.Status);
        Assert.Equal("6", before.RawStatus);
        Assert.Empty(await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetOrderTradesAsync(placed.OrderId, ct)));

        // Only the quantity changes first: the price stays as placed.
        await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.ModifyOrderAsync(new OrderModification { OrderId = placed.OrderId, Quantity = 3 }, ct));
        var resized = Assert.Single(await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetOrderHistoryAsync(placed.OrderId, ct)));
        Assert.Equal((3, ltp - 200m, OrderStatus.Open), (resized.Quantity, resized.Price, resized.Status));

        // A marketable price fills at once at the market.
        await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.ModifyOrderAsync(new OrderModification { OrderId = placed.OrderId, Price = ltp + 100m }, ct));
        var filled = Assert.Single(await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetOrderHistoryAsync(placed.OrderId, ct)));
        Assert.Equal(OrderStatus.Complete, filled.Status);
        Assert.Equal(3, filled.FilledQuantity);
        var trade = Assert.Single(await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetOrderTradesAsync(placed.OrderId, ct)));
        Assert.Equal((3, ltp, TransactionType.Buy, "TCS-EQ"), (trade.Quantity, trade.AveragePrice, trade.TransactionType, trade.TradingSymbol));
        Assert.Contains(await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetTradesAsync(ct)), t => t.TradeId == trade.TradeId);

        // A filled order cannot change any more, and an unknown id is the broker's -51.
        var refused = await Assert.ThrowsAsync<BrokerRejectedException>(() => actor.Sessions.CallBrokerAsync(account.Id,
            (c, ct) => c.ModifyOrderAsync(new OrderModification { OrderId = placed.OrderId, Price = ltp }, ct)));
        Assert.Equal("-99", refused.ErrorCode);
        var unknown = await Assert.ThrowsAsync<BrokerRejectedException>(() => actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetOrderHistoryAsync("999", ct)));
        Assert.Equal("-51", unknown.ErrorCode);
        Assert.Equal(SessionState.Active, (await actor.Sessions.GetViewAsync(account.Id)).State);
    }
}
