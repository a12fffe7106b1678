using System.Net;
using System.Net.Http.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Exits;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Tests.Api;
using BrokerConsole.Tests.Instruments;
using BrokerConsole.Tests.Sandbox.Kite;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Exits;

/// <summary>
/// The kill switch through the REST API against the Kite and Angel One sandboxes: open orders cancelled, intraday positions
/// squared off once each, delivery positions and holdings left alone, an account without a session listed as skipped.
/// </summary>
public sealed class KillSwitchApiTests(SharedApp<ExitsSandbox> app) : IClassFixture<SharedApp<ExitsSandbox>>
{
    [Fact]
    public async Task Kill_switch_cancels_open_orders_squares_off_MIS_leaves_CNC_and_reports_the_account_without_session()
    {
        await using var trader = await ExitTrader.CreateAsync(app);
        var kite = await app.AddKiteAccountAsync(trader.User);
        var angel = await InstrumentsAccounts.AddAngelAccountAsync(trader.User);
        var asleep = await trader.User.Accounts.CreateAsync(new AccountDraft
        {
            Broker = BrokerKind.Zerodha,
            DisplayName = "Kite two",
            ClientId = "ZX9876",
            Environment = AccountEnvironment.Sandbox,
            ApiKey = KiteSandboxHost.ApiKey,
            ApiSecret = KiteSandboxHost.ApiSecret,
            RedirectUrl = KiteSandboxHost.RedirectUrl,
        });
        (trader.Brokers[kite], trader.Brokers[angel]) = (BrokerKind.Zerodha, BrokerKind.AngelOne);
        app.Sandbox.NextSecond();
        await trader.FillAsync(kite, "SBIN", TransactionType.Buy, 6, ProductType.Mis);
        await trader.FillAsync(kite, "SBIN", TransactionType.Buy, 2, ProductType.Cnc);
        await trader.FillAsync(angel, "SBIN", TransactionType.Sell, 4, ProductType.Mis);
        var ltp = (await trader.User.Sessions.CallBrokerAsync(kite, (c, ct) => c.GetLastPricesAsync([new InstrumentKey("NSE", "SBIN")], ct))).Values.Single().Price;
        app.Sandbox.NextSecond();
        var resting = await trader.User.Orders.PlaceAsync(new OrderTicket
        {
            AccountId = kite,
            Exchange = "NSE",
            TradingSymbol = "SBIN",
            Side = TransactionType.Buy,
            Quantity = 1,
            Product = ProductType.Mis,
            OrderType = OrderType.Limit,
            Price = Math.Floor(ltp * 0.95m / 0.05m) * 0.05m,
        });
        Assert.True(resting.Outcome == PlacementOutcome.Placed, resting.Message);
        app.Sandbox.NextSecond();

        using var wrong = await trader.Client.PostAsJsonAsync("/api/v1/kill-switch", new { confirmation = "exit all" });
        await ApiAssert.ProblemAsync(wrong, HttpStatusCode.BadRequest, ApiProblems.Validation, "EXIT ALL");
        var run = await trader.PostOkAsync("/api/v1/kill-switch", new { confirmation = "EXIT ALL" });

        var items = run.GetProperty("items").EnumerateArray().ToList();
        var cancel = Assert.Single(items, i => i.GetProperty("step").GetString() == "Cancel");
        Assert.Equal((kite, resting.OrderId, "Done"), (cancel.GetProperty("accountId").GetGuid(), cancel.GetProperty("orderId").GetString(), cancel.GetProperty("outcome").GetString()));
        var exits = items.Where(i => i.GetProperty("step").GetString() == "Exit").ToList();
        Assert.Equal(2, exits.Count);
        Assert.All(exits, e => Assert.True(e.GetProperty("outcome").GetString() == "Done", e.ToString()));
        Assert.Contains(exits, e => e.GetProperty("what").GetString() == "SELL 6 NSE:SBIN MARKET MIS DAY");
        Assert.Contains(exits, e => e.GetProperty("what").GetString() == "BUY 4 NSE:SBIN MARKET MIS DAY");
        var skipped = Assert.Single(items, i => i.GetProperty("step").GetString() == "Account");
        Assert.Equal((asleep.Id, "Skipped"), (skipped.GetProperty("accountId").GetGuid(), skipped.GetProperty("outcome").GetString()));
        Assert.Contains("No live session", skipped.GetProperty("message").GetString(), StringComparison.Ordinal);

        foreach (var exit in exits)
        {
            Assert.Equal(1, await trader.CountAtBrokerAsync(exit.GetProperty("accountId").GetGuid(), exit.GetProperty("tag").GetString()!));
        }

        Assert.Equal(0, await trader.NetAsync(kite, ProductType.Mis));
        Assert.Equal(0, await trader.NetAsync(angel, ProductType.Mis));
        Assert.Equal(2, await trader.NetAsync(kite, ProductType.Cnc));
        var book = await trader.User.Sessions.CallBrokerAsync(kite, (c, ct) => c.GetOrdersAsync(ct));
        Assert.Equal(OrderStatus.Cancelled, book.Single(o => o.OrderId == resting.OrderId).Status);
        app.Sandbox.NextSecond();
        var holdings = await trader.User.Sessions.CallBrokerAsync(kite, (c, ct) => c.GetHoldingsAsync(ct));
        Assert.Equal(5, holdings.Single(h => h.TradingSymbol == "SBIN").Quantity);

        var audit = await AuditAsync(trader);
        Assert.Contains(audit, e => e.Action == AuditAction.KillSwitch
            && e.Summary.Contains("1 order(s) cancelled (0 not), 2 intraday position(s) squared off", StringComparison.Ordinal)
            && e.Summary.Contains("1 account(s) skipped: Kite two", StringComparison.Ordinal));

        // The result is in the database, not in the process: a fresh reader (as after a restart) has every line, and
        // only for its owner.
        var runId = run.GetProperty("id").GetGuid();
        var reader = new KillSwitchResults(app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>());
        var stored = await reader.FindAsync(trader.User.UserId, runId);
        Assert.NotNull(stored);
        Assert.Equal(items.Count, stored.Items.Count);
        Assert.Equal(resting.OrderId, Assert.Single(stored.Items, i => i.Step == KillSwitchStep.Cancel).OrderId);
        Assert.Null(await reader.FindAsync("someone-else", runId));
    }

    private static async Task<IReadOnlyList<AuditEntry>> AuditAsync(ExitTrader trader)
    {
        var trail = trader.Services.GetRequiredService<IAuditTrail>();
        return await trail.RecentAsync(100);
    }
}
