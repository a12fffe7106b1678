using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Tests.Instruments;
using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Exits;

/// <summary>A position that moved between preview and confirm is reported, not closed at the previewed quantity.</summary>
public sealed class ExitRecheckTests(SharedApp<ExitsSandbox> app) : IClassFixture<SharedApp<ExitsSandbox>>
{
    [Fact]
    public async Task Position_changed_after_preview_is_not_sent_and_reported()
    {
        await using var trader = await ExitTrader.CreateAsync(app);
        var kite = await app.AddKiteAccountAsync(trader.User);
        trader.Brokers[kite] = BrokerKind.Zerodha;
        app.Sandbox.NextSecond();
        await trader.FillAsync(kite, "SBIN", TransactionType.Buy, 5, ProductType.Mis);

        var preview = await trader.PostOkAsync("/api/v1/positions/exit", new { scope = "Position", accountId = kite, exchange = "NSE", tradingSymbol = "SBIN", previewOnly = true });
        await trader.FillAsync(kite, "SBIN", TransactionType.Buy, 2, ProductType.Mis);
        var confirmed = await trader.PostOkAsync($"/api/v1/positions/exit/{preview.GetProperty("planId").GetGuid()}/confirm", new { });

        var leg = Assert.Single(confirmed.GetProperty("legs").EnumerateArray());
        Assert.Equal("Skipped", leg.GetProperty("outcome").GetString());
        Assert.Contains("it was 5, the broker now says 7", leg.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(7, await trader.NetAsync(kite, ProductType.Mis));
    }
}
