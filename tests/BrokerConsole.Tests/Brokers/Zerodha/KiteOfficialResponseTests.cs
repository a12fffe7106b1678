using System.Net;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Portfolio;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Core.Time;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Brokers.Zerodha;

/// <summary>
/// Issue 16 §4: what the app made of Zerodha's official mock responses, through the real client, session service and
/// portfolio (live account, Kite answered by <see cref="KiteMockRoutes"/>). Each test failed before its fix.
/// </summary>
public sealed class KiteOfficialResponseTests(SharedApp<KiteMockSandbox> app) : IClassFixture<SharedApp<KiteMockSandbox>>
{
    private static readonly TimeSpan _ist = TimeSpan.FromHours(5.5);

    [Fact]
    public async Task New_session_expires_at_the_0600_ist_after_now_not_after_the_login_time_kite_sent()
    {
        // generate_session.json says login_time 2021-01-01 16:15:14: computed from it, the expiry (2 Jan 2021 06:00)
        // was already past when stored, while the popup said "Connected".
        app.Kite.Mock("POST", "/session/token", "generate_session");

        var (scope, accountId, login) = await app.ConnectedAccountAsync();
        await using var _ = scope;

        Assert.True(login.Succeeded, login.Message);
        var view = await scope.ServiceProvider.GetRequiredService<ISessionService>().GetViewAsync(accountId);
        Assert.Equal(SessionState.Active, view.State);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 6, 0, 0, _ist), view.ExpiresAt);
        Assert.True(view.ExpiresAt > app.Clock.GetUtcNow());
        Assert.Contains(IndianTime.Format(new DateTimeOffset(2026, 12, 4, 6, 0, 0, _ist)), login.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grant_already_past_its_own_expiry_is_never_stored()
    {
        var now = KiteMockSandbox.Today;
        var stale = new SessionGrant { BrokerKind = BrokerKind.AngelOne, AccessToken = "t", UserId = "U1", ExpiresAt = now.AddMinutes(-1) };
        var fresh = stale with { ExpiresAt = now.AddHours(20) };
        var noExpiry = stale with { BrokerKind = BrokerKind.Zerodha, ExpiresAt = null, LoginTime = new DateTimeOffset(2021, 1, 1, 16, 15, 14, _ist) };

        Assert.Null(NewSessionExpiry.For(stale, now, BrokerConsole.Tests.TestSupport.BrokerModulesForTests.All.For(BrokerKind.Zerodha)));
        Assert.Equal(now.AddHours(20), NewSessionExpiry.For(fresh, now, BrokerConsole.Tests.TestSupport.BrokerModulesForTests.All.For(BrokerKind.Zerodha)));
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 6, 0, 0, _ist), NewSessionExpiry.For(noExpiry, now, BrokerConsole.Tests.TestSupport.BrokerModulesForTests.All.For(BrokerKind.Zerodha)));
        Assert.Contains("already", NewSessionExpiry.AlreadyExpiredMessage(stale, now), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Invalid `checksum`.", "API secret", "wrong")]
    [InlineData("Token is invalid or has expired.", "request token", "not checked")]
    public async Task Refused_login_tells_a_wrong_secret_from_a_spent_request_token(string kiteSaid, string names, string verdict)
    {
        app.Kite.Mock("POST", "/session/token", "generate_session");
        var (scope, accountId, first) = await app.ConnectedAccountAsync();
        await using var _ = scope;
        Assert.True(first.Succeeded, first.Message);
        app.Kite.Error("POST", "/session/token", HttpStatusCode.Forbidden, "TokenException", kiteSaid);

        var refused = await KiteMockSandbox.LogInAsync(scope, accountId);

        Assert.Equal(LoginOutcomeKind.ExchangeFailed, refused.Outcome);
        Assert.Contains(names, refused.Message, StringComparison.Ordinal);
        Assert.Contains(verdict, refused.Message, StringComparison.Ordinal);
        Assert.Contains(kiteSaid, refused.Message, StringComparison.Ordinal);
        app.Kite.Mock("POST", "/session/token", "generate_session");
    }

    [Fact]
    public async Task Test_connection_with_a_profile_of_another_user_fails_and_names_both_ids()
    {
        // profile.json is user AB1234; the session belongs to the account of XX0000 (generate_session.json).
        app.Kite.Mock("POST", "/session/token", "generate_session");
        app.Kite.Mock("GET", "/user/profile", "profile");
        var (scope, accountId, login) = await app.ConnectedAccountAsync();
        await using var _ = scope;
        Assert.True(login.Succeeded, login.Message);

        var test = await scope.ServiceProvider.GetRequiredService<ISessionService>().TestConnectionAsync(accountId);

        Assert.False(test.Succeeded, test.Message);
        Assert.Contains("AB1234", test.Message, StringComparison.Ordinal);
        Assert.Contains(KiteMockSandbox.MockUserId, test.Message, StringComparison.Ordinal);
        Assert.Equal("AB1234", test.Profile?.UserId);
    }

    [Fact]
    public async Task Portfolio_values_positions_with_the_multiplier_and_counts_mtf_holdings()
    {
        app.Kite.Mock("POST", "/session/token", "generate_session");
        app.Kite.Mock("GET", "/user/margins", "margins");
        app.Kite.Mock("GET", "/portfolio/positions", "positions");
        app.Kite.Mock("GET", "/portfolio/holdings", "holdings");
        app.Kite.Mock("GET", "/quote/ltp", "ltp");
        var (scope, _, login) = await app.ConnectedAccountAsync();
        await using var __ = scope;
        Assert.True(login.Succeeded, login.Message);

        var snapshot = await scope.ServiceProvider.GetRequiredService<IPortfolioService>().LoadAsync();

        Assert.Empty(snapshot.Issues);
        // LEADMINI17DECFUT: 1 lot long at 161.05 × multiplier 1000; Kite's own value is −161050 (the cash paid).
        var lead = Assert.Single(snapshot.NetPositions, p => p.Instrument.TradingSymbol == "LEADMINI17DECFUT");
        Assert.Equal(161050m, lead.Value);
        Assert.Equal(161050m, Assert.Single(lead.Accounts).Value);

        // AARON: 1 share in demat plus mtf.quantity 1000 bought at 100 (mtf.value 100000), at 352.95.
        var aaron = Assert.Single(snapshot.Holdings, h => h.Instrument.TradingSymbol == "AARON");
        Assert.Equal(1001, aaron.Quantity);
        var mtf = Assert.Single(aaron.Accounts, l => l.Product == "MTF");
        Assert.Equal(1000, mtf.Quantity);
        Assert.Equal(100m, mtf.AveragePrice);
        Assert.Equal(100000m, mtf.Invested);
        Assert.Equal(352950m, mtf.Value);
        Assert.Equal((352.95m - 100m) * 1000, mtf.Pnl);
        Assert.Equal(352.95m * 1001 + (762.45m * 16), snapshot.TotalHoldingsValue);
    }

    [Fact]
    public async Task Order_book_keeps_the_last_good_rows_of_an_account_whose_read_fails_and_an_action_updates_its_row()
    {
        app.Kite.Mock("POST", "/session/token", "generate_session");
        app.Kite.Mock("GET", "/orders", "orders");
        app.Kite.Mock("GET", "/trades", "trades");
        var (scope, accountId, login) = await app.ConnectedAccountAsync();
        await using var _ = scope;
        Assert.True(login.Succeeded, login.Message);
        var orders = scope.ServiceProvider.GetRequiredService<IOrderService>();
        var good = OrderBookMemory.Merge(null, await orders.GetTodayAsync(accountId));
        Assert.Equal(10, Assert.Single(good.Accounts).Orders.Count);

        app.Kite.Error("GET", "/orders", HttpStatusCode.TooManyRequests, "NetworkException", "Too many requests");
        app.Clock.Advance(TimeSpan.FromSeconds(5));
        var failed = await orders.GetTodayAsync(accountId);
        var shown = OrderBookMemory.Merge(good, failed);

        Assert.Empty(failed.Accounts);
        Assert.Equal(AccountIssueKind.RateLimited, Assert.Single(shown.Issues).Kind);
        var kept = Assert.Single(shown.Accounts);
        Assert.True(kept.IsStale);
        Assert.Equal(good.LoadedAt, kept.ReadAt);
        Assert.Equal(good.Accounts[0].Orders, kept.Orders);

        // A cancel's answer replaces its row at once; a read that started before it and lands after does not undo it.
        var open = kept.Orders[4];
        var cancelled = open with { Status = OrderStatus.Cancelled, RawStatus = "CANCELLED" };
        var afterCancel = OrderBookMemory.Apply(shown, accountId, cancelled);
        Assert.Equal(OrderStatus.Cancelled, afterCancel.Accounts[0].Orders.Single(o => o.OrderId == open.OrderId).Status);
        var lateRead = OrderBookMemory.KeepActions(good, [new OrderAction(accountId, open, cancelled)]);
        Assert.Equal(OrderStatus.Cancelled, lateRead.Accounts[0].Orders.Single(o => o.OrderId == open.OrderId).Status);
        app.Kite.Mock("GET", "/orders", "orders");
    }
}
