using System.Net;
using System.Net.Http.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Tests.Api;
using BrokerConsole.Tests.Instruments;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Api;

namespace BrokerConsole.Tests.Exits;

/// <summary>
/// Exit NSE:SBIN everywhere through the REST API, against the Kite, Angel One and Dhan sandboxes over real HTTP: preview,
/// one confirm, each closing order once at its broker (counted by tag), positions flat afterwards.
/// </summary>
public sealed class ExitEverywhereApiTests(SharedApp<ExitsSandbox> app) : IClassFixture<SharedApp<ExitsSandbox>>
{
    [Fact]
    public async Task Exit_SBIN_in_three_brokers_accounts_each_closing_order_once_and_net_zero_after()
    {
        await using var trader = await ExitTrader.CreateAsync(app);
        var kite = await app.AddKiteAccountAsync(trader.User);
        var angel = await InstrumentsAccounts.AddAngelAccountAsync(trader.User);
        var dhan = await InstrumentsAccounts.AddDhanAccountAsync(trader.User);
        (trader.Brokers[kite], trader.Brokers[angel], trader.Brokers[dhan]) = (BrokerKind.Zerodha, BrokerKind.AngelOne, BrokerKind.Dhan);
        app.Sandbox.NextSecond();
        await trader.FillAsync(kite, "SBIN", TransactionType.Buy, 6, ProductType.Mis);
        await trader.FillAsync(angel, "SBIN", TransactionType.Sell, 4, ProductType.Mis);
        await trader.FillAsync(dhan, "SBIN", TransactionType.Buy, 3, ProductType.Nrml);

        var preview = await trader.PostOkAsync("/api/v1/positions/exit", new { scope = "Instrument", exchange = "NSE", tradingSymbol = "SBIN", previewOnly = true });

        Assert.False(preview.GetProperty("confirmed").GetBoolean());
        var planned = preview.GetProperty("legs").EnumerateArray().ToList();
        Assert.Equal(3, planned.Count);
        Assert.Equal("SELL 6 NSE:SBIN MARKET MIS DAY", planned.Single(l => l.GetProperty("accountId").GetGuid() == kite).GetProperty("order").GetString());
        var angelLeg = planned.Single(l => l.GetProperty("accountId").GetGuid() == angel);
        Assert.Equal("BUY 4 NSE:SBIN MARKET MIS DAY", angelLeg.GetProperty("order").GetString());
        Assert.Equal("SBIN-EQ", angelLeg.GetProperty("brokerSymbol").GetString());
        Assert.Equal("NRML", planned.Single(l => l.GetProperty("accountId").GetGuid() == dhan).GetProperty("product").GetString());
        Assert.All(planned, l => Assert.Equal(System.Text.Json.JsonValueKind.Null, l.GetProperty("problem").ValueKind));
        var planId = preview.GetProperty("planId").GetGuid();

        var confirmed = await trader.PostOkAsync($"/api/v1/positions/exit/{planId}/confirm", new { });
        using var again = await trader.Client.PostAsJsonAsync($"/api/v1/positions/exit/{planId}/confirm", new { });

        await ApiAssert.ProblemAsync(again, HttpStatusCode.NotFound, ApiProblems.NotFound, "already confirmed");
        var legs = confirmed.GetProperty("legs").EnumerateArray().ToList();
        Assert.Equal(3, legs.Count);
        Assert.All(legs, l => Assert.True(l.GetProperty("outcome").GetString() == "Done", l.ToString()));
        foreach (var leg in legs)
        {
            var account = leg.GetProperty("accountId").GetGuid();
            Assert.Equal(1, await trader.CountAtBrokerAsync(account, leg.GetProperty("tag").GetString()!));
        }

        Assert.Equal(0, await trader.NetAsync(kite, ProductType.Mis));
        Assert.Equal(0, await trader.NetAsync(angel, ProductType.Mis));
        Assert.Equal(0, await trader.NetAsync(dhan, ProductType.Nrml));
    }

    [Fact]
    public async Task A_limit_exit_of_a_Dhan_position_is_priced_from_a_quote_because_Dhan_positions_carry_no_last_price()
    {
        await using var trader = await ExitTrader.CreateAsync(app);
        var dhan = await InstrumentsAccounts.AddDhanAccountAsync(trader.User);
        trader.Brokers[dhan] = BrokerKind.Dhan;
        app.Sandbox.NextSecond();
        await trader.FillAsync(dhan, "SBIN", TransactionType.Buy, 3, ProductType.Nrml);
        app.Sandbox.NextSecond();

        var preview = await trader.PostOkAsync("/api/v1/positions/exit", new { scope = "Instrument", exchange = "NSE", tradingSymbol = "SBIN", orderType = "Limit", ticks = 2, previewOnly = true });

        var leg = Assert.Single(preview.GetProperty("legs").EnumerateArray());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, leg.GetProperty("problem").ValueKind);
        Assert.StartsWith("SELL 3 NSE:SBIN LIMIT", leg.GetProperty("order").GetString(), StringComparison.Ordinal);
        Assert.Contains(leg.GetProperty("checks").EnumerateArray(), c => c.GetString()!.StartsWith("LIMIT ₹", StringComparison.Ordinal) && c.GetString()!.Contains("2 × tick", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Incomplete_scope_is_a_400_problem_and_nothing_is_read_or_sent()
    {
        await using var trader = await ExitTrader.CreateAsync(app);

        using var response = await trader.Client.PostAsJsonAsync("/api/v1/positions/exit", new { scope = "Instrument" });

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, ApiProblems.Validation, "needs the instrument");
    }

    [Fact]
    public async Task Another_users_account_is_404()
    {
        await using var trader = await ExitTrader.CreateAsync(app);

        using var response = await trader.Client.PostAsJsonAsync("/api/v1/positions/exit", new { scope = "Account", accountId = Guid.NewGuid() });

        await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound, ApiProblems.NotFound);
    }
}
