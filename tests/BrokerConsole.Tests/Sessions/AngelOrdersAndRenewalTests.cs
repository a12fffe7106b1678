using System.Net.Http.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Core.Sessions.Monitoring;
using BrokerConsole.Sandbox.Angel;
using BrokerConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Sessions;

/// <summary>
/// Angel One modify and order details, and session renewal with the stored refresh token (generateTokens), app ↔ Angel
/// sandbox over real HTTP. Its own fixture: these tests move the shared fake clock by hours.
/// </summary>
public sealed class AngelOrdersAndRenewalTests(SharedApp<AngelSandbox> app) : IClassFixture<SharedApp<AngelSandbox>>
{
    private sealed record Actor(AsyncServiceScope Scope, IAccountService Accounts, ISessionService Sessions) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Scope.DisposeAsync();
    }

    private async Task<(Actor Actor, AccountSummary Account)> ConnectedAsync(string clientCode)
    {
        var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        var scope = app.ScopeFor(userId);
        var actor = new Actor(scope, scope.ServiceProvider.GetRequiredService<IAccountService>(), scope.ServiceProvider.GetRequiredService<ISessionService>());
        var account = await actor.Accounts.CreateAsync(new AccountDraft
        {
            Broker = BrokerKind.AngelOne,
            DisplayName = "Angel renewals",
            ClientId = clientCode,
            Environment = AccountEnvironment.Sandbox,
            ApiKey = AngelSandbox.ApiKey,
            Mpin = AngelSandbox.Mpin,
            TotpSecret = AngelSandbox.TotpSecret,
        });
        var connected = await actor.Sessions.ConnectDirectAsync(account.Id);
        Assert.True(connected.Succeeded, connected.Message);
        return (actor, account);
    }

    private async Task<BrokerSession> SessionRowAsync(Guid accountId)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync();
        return await db.BrokerSessions.AsNoTracking().Where(s => s.AccountId == accountId).OrderByDescending(s => s.LoginTime).FirstAsync();
    }

    [Fact]
    public async Task Modify_and_details_follow_an_order_from_open_to_complete()
    {
        var (actor, account) = await ConnectedAsync(AngelSandbox.SecondClientCode);
        await using var _ = actor;
        var sbin = new InstrumentKey("NSE", "SBIN");
        var ltp = (await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetLastPricesAsync([sbin], ct)))[sbin].Price;
        var placed = await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.PlaceOrderAsync(new OrderRequest
        {
            TradingSymbol = "SBIN",
            Exchange = "NSE",
            Side = TransactionType.Buy,
            Quantity = 2,
            OrderType = OrderType.Limit,
            Product = ProductType.Cnc,
            Price = ltp - 50m,
        }, ct));

        var open = Assert.Single(await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetOrderHistoryAsync(placed.OrderId, ct)));
        Assert.Equal((OrderStatus.Open, "open", 2), (open.Status, open.RawStatus, open.Quantity));

        await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.ModifyOrderAsync(new OrderModification { OrderId = placed.OrderId, Quantity = 5 }, ct));
        var resized = Assert.Single(await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetOrderHistoryAsync(placed.OrderId, ct)));
        Assert.Equal((5, ltp - 50m, OrderStatus.Open), (resized.Quantity, resized.Price, resized.Status));

        await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.ModifyOrderAsync(new OrderModification { OrderId = placed.OrderId, Price = ltp + 10m }, ct));
        var complete = Assert.Single(await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetOrderHistoryAsync(placed.OrderId, ct)));
        Assert.Equal((OrderStatus.Complete, 5, ltp), (complete.Status, complete.FilledQuantity, complete.AveragePrice));
        Assert.Contains(await actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetOrderTradesAsync(placed.OrderId, ct)), t => t.Quantity == 5);

        var refused = await Assert.ThrowsAsync<BrokerRejectedException>(() => actor.Sessions.CallBrokerAsync(account.Id,
            (c, ct) => c.ModifyOrderAsync(new OrderModification { OrderId = placed.OrderId, Price = ltp }, ct)));
        Assert.Contains("complete", refused.BrokerMessage, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<BrokerRejectedException>(() => actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetOrderHistoryAsync("42", ct)));
        Assert.Equal("AB1013", unknown.ErrorCode);
    }

    [Fact]
    public async Task Test_connection_near_expiry_renews_with_the_refresh_token_instead_of_expiring()
    {
        var (actor, account) = await ConnectedAsync(AngelSandbox.ClientCode);
        await using var _ = actor;
        var before = await SessionRowAsync(account.Id);
        Assert.NotNull(before.RefreshTokenCiphertext);
        var oldJwt = await actor.Sessions.RevealAccessTokenAsync(account.Id);

        // Outside the renewal window nothing happens.
        app.Clock.Advance(TimeSpan.FromHours(12));
        Assert.True((await actor.Sessions.TestConnectionAsync(account.Id)).Succeeded);
        Assert.Equal(0, (await SessionRowAsync(account.Id)).Renewals);

        // 22 h into a 24 h JWT: inside RenewBefore (3 h), so the call renews first.
        app.Clock.Advance(TimeSpan.FromHours(10));
        var test = await actor.Sessions.TestConnectionAsync(account.Id);

        Assert.True(test.Succeeded, test.Message);
        var after = await SessionRowAsync(account.Id);
        Assert.Equal((before.Id, SessionStatus.Active, 1), (after.Id, after.Status, after.Renewals));
        Assert.Equal(app.Clock.GetUtcNow().AddHours(24).ToUnixTimeSeconds(), after.ExpiresAt.ToUnixTimeSeconds());
        Assert.NotEqual(before.RefreshTokenCiphertext, after.RefreshTokenCiphertext);
        var newJwt = await actor.Sessions.RevealAccessTokenAsync(account.Id);
        Assert.NotEqual(oldJwt, newJwt);
        // The broker ended the old JWT; the new one is the session now.
        // Asked of the sandbox's own state, not over HTTP: a raw getProfile here would share Angel's 3-per-second
        // window with the app's calls on the wall clock (that raced). The wire tests prove an ended JWT gets AG8001.
        var broker = app.Sandbox.Services.GetRequiredService<AngelState>();
        Assert.Null(broker.Find(oldJwt));
        Assert.NotNull(broker.Find(newJwt));

        // Past the first JWT's expiry the session lives on.
        app.Clock.Advance(TimeSpan.FromHours(3));
        var later = await actor.Sessions.TestConnectionAsync(account.Id);
        Assert.True(later.Succeeded, later.Message);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.AccountId == account.Id && e.Action == AuditAction.SessionRenewed));
    }

    [Fact]
    public async Task Monitor_sweep_renews_a_session_near_its_end()
    {
        var (actor, account) = await ConnectedAsync(AngelSandbox.ClientCode);
        await using var _ = actor;
        app.Clock.Advance(TimeSpan.FromHours(23));

        await app.Services.GetRequiredService<ISessionSweeper>().SweepAsync();

        var row = await SessionRowAsync(account.Id);
        Assert.Equal((SessionStatus.Active, 1, SessionHealth.Healthy), (row.Status, row.Renewals, row.Health));
        Assert.True(row.ExpiresAt > app.Clock.GetUtcNow().AddHours(20));
    }

    [Fact]
    public async Task A_refused_refresh_token_leaves_the_session_to_expire_at_its_jwt_expiry()
    {
        var (actor, account) = await ConnectedAsync(AngelSandbox.ClientCode);
        await using var _ = actor;
        using var revoke = await app.Sandbox.Client.PostAsJsonAsync(app.SandboxRoot + "/angel/__control/tokens/refresh-expire", new { client_code = AngelSandbox.ClientCode });
        revoke.EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromHours(22));

        // The JWT still works; the dead refresh token is dropped so it is not tried on every call.
        Assert.True((await actor.Sessions.TestConnectionAsync(account.Id)).Succeeded);
        var row = await SessionRowAsync(account.Id);
        Assert.Equal((0, (string?)null, SessionStatus.Active), (row.Renewals, row.RefreshTokenCiphertext, row.Status));

        app.Clock.Advance(TimeSpan.FromHours(2.5));
        var expired = await actor.Sessions.TestConnectionAsync(account.Id);
        Assert.False(expired.Succeeded);
        Assert.Equal(SessionState.Expired, (await actor.Sessions.GetViewAsync(account.Id)).State);
    }

    [Fact]
    public async Task Disconnect_clears_the_stored_refresh_token_with_the_access_token()
    {
        var (actor, account) = await ConnectedAsync(AngelSandbox.ClientCode);
        await using var _ = actor;
        Assert.NotNull((await SessionRowAsync(account.Id)).RefreshTokenCiphertext);

        await actor.Sessions.DisconnectAsync(account.Id);

        var row = await SessionRowAsync(account.Id);
        Assert.Equal((SessionStatus.LoggedOut, (string?)null, (string?)null), (row.Status, row.AccessTokenCiphertext, row.RefreshTokenCiphertext));
    }
}
