using System.Net;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Instruments;

/// <summary>The instruments sandbox with Kite's dump read strictly: refused without a live session (KiteDumpAccess).</summary>
public sealed class StrictKiteDumpSandbox : IAppRecipe
{
    public static AppFixture Recipe() => InstrumentsSandbox.Recipe().WithSandbox(s => s["Sandbox:Kite:InstrumentsNeedSession"] = "true");
}

/// <summary>
/// Kite documents <c>GET /instruments</c> with <c>X-Kite-Version: 3</c> and <c>Authorization: token api_key:access_token</c>
/// (issue #16): the refresh sends them when a Zerodha account has a live session, so a Kite that insists on them still
/// gives its dump. The sandbox's strict mode is the contract; whether real Kite insists is unconfirmed (reference §7.3).
/// </summary>
public sealed class KiteDumpSessionTests(SharedApp<StrictKiteDumpSandbox> app) : IClassFixture<SharedApp<StrictKiteDumpSandbox>>
{
    [Fact]
    public async Task Strict_sandbox_refuses_the_dump_without_a_valid_session_header_and_serves_it_with_one()
    {
        using (var bare = await app.Sandbox.SendAsync(HttpMethod.Get, "instruments", accessToken: null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, bare.StatusCode);
            Assert.Contains("TokenException", await bare.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var madeUp = await app.Sandbox.SendAsync(HttpMethod.Get, "instruments", accessToken: "not-a-session"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, madeUp.StatusCode);
        }

        var token = await app.Sandbox.LoginAsync();
        using var authed = await app.Sandbox.SendAsync(HttpMethod.Get, "instruments", token);
        Assert.Equal(HttpStatusCode.OK, authed.StatusCode);
        Assert.StartsWith("instrument_token,exchange_token,tradingsymbol", await authed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_reads_Kites_dump_with_a_live_sessions_header_and_says_a_login_is_needed_without_one()
    {
        var refresher = app.Services.GetRequiredService<InstrumentMasterRefresher>();
        // An account without a session gives no header: the strict Kite refuses, and the refresh says what to do.
        await using var trader = await app.NewTraderWithSessionAsync(connect: false, displayName: "Dump reader");
        var before = await refresher.RefreshAsync();
        Assert.True(before.Failures.ContainsKey(BrokerKind.Zerodha), before.Summary);
        Assert.Contains("log in a Zerodha account", before.Failures[BrokerKind.Zerodha], StringComparison.Ordinal);

        await using var loggedIn = await app.NewTraderWithSessionAsync(displayName: "Dump reader");
        var after = await refresher.RefreshAsync();

        Assert.False(after.Failures.ContainsKey(BrokerKind.Zerodha), after.Summary);
        Assert.True(after.RowsPerBroker[BrokerKind.Zerodha] > 3000, after.Summary);
        // The session header is the token's only trace: never in the result's words.
        Assert.DoesNotContain("token ", after.Summary, StringComparison.Ordinal);
    }
}
