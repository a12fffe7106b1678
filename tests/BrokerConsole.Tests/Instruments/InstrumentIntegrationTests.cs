using System.Diagnostics;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Orders;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BrokerConsole.Tests.Instruments;

/// <summary>
/// Masters read from the four sandboxes over real HTTP into real SQLite, then the portfolio and orders that use them:
/// SBIN and SBIN-EQ merged, a Dhan order entered by symbol sent by security id, lot and tick refusals before sending.
/// </summary>
public sealed class InstrumentIntegrationTests(SharedApp<InstrumentsSandbox> app, ITestOutputHelper output) : IClassFixture<SharedApp<InstrumentsSandbox>>
{
    private async Task<InstrumentRefreshResult> RefreshAsync()
    {
        var result = await app.Services.GetRequiredService<InstrumentMasterRefresher>().RefreshAsync();
        Assert.True(result.Succeeded && result.Failures.Count == 0, result.Summary);
        return result;
    }

    [Fact]
    public async Task Refresh_reads_all_four_masters_into_one_catalog_of_thousands_of_instruments()
    {
        var result = await RefreshAsync();

        Assert.Equal(4, result.RowsPerBroker.Count);
        Assert.All(result.RowsPerBroker.Values, rows => Assert.True(rows > 3000, $"{rows} rows"));
        // Every broker lists the same instruments, so joining them by exchange token adds none.
        Assert.Equal(result.RowsPerBroker[BrokerKind.Zerodha], result.Instruments);
        var index = await app.Services.GetRequiredService<InstrumentCatalog>().GetAsync();
        var sbin = index.Find(new InstrumentKey("NSE", "SBIN"))!;
        Assert.Equal("INE062A01020", sbin.Isin);
        Assert.Equal("3045", sbin.ExchangeToken);
        Assert.Equal(0.05m, sbin.TickSize);
        Assert.Equal("SBIN-EQ", sbin.Brokers[BrokerKind.AngelOne].TradingSymbol);
        Assert.Equal("SBIN-EQ", sbin.Brokers[BrokerKind.Fyers].TradingSymbol);
        Assert.Equal("3045", sbin.Brokers[BrokerKind.Dhan].OrderSymbol);
        Assert.Equal("779521", sbin.Brokers[BrokerKind.Zerodha].Token);
        var future = index.Search("NIFTY", ["NFO"]).First(i => i.Kind == InstrumentKind.Future);
        Assert.Equal(65, future.LotSize);
        Assert.Equal(4, future.Brokers.Count);
        var crude = index.Search("CRUDEOIL", ["MCX"]).First(i => i.Kind == InstrumentKind.Future);
        Assert.Equal(100, crude.LotSize); // Fyers' MCX file says 1; the other masters' real lot wins
    }

    [Fact]
    public async Task Storing_the_catalog_is_a_bulk_insert_well_under_a_second()
    {
        var rows = new List<(BrokerKind, IReadOnlyList<MasterRow>)>();
        foreach (var module in app.Services.GetRequiredService<IBrokerModules>().All)
        {
            rows.Add((module.Kind, await module.InstrumentMaster!.LoadAsync(CancellationToken.None)));
        }

        var (instruments, symbols) = InstrumentMerge.Merge(rows);
        var store = app.Services.GetRequiredService<InstrumentStore>();
        var watch = Stopwatch.StartNew();
        await store.ReplaceAsync(instruments, symbols, new InstrumentRefresh { At = DateTimeOffset.UtcNow, Succeeded = true, Instruments = instruments.Count, Summary = "bench" }, CancellationToken.None);
        watch.Stop();
        output.WriteLine($"Stored {instruments.Count} instruments and {symbols.Count} broker symbols in {watch.ElapsedMilliseconds} ms");
        // The goal is well under a second; the bound is loose because the test machine's two cores are shared.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{watch.ElapsedMilliseconds} ms");
        var index = await app.Services.GetRequiredService<InstrumentCatalog>().ReloadAsync();
        Assert.Equal(instruments.Count, index.Count);
    }

    [Fact]
    public async Task Portfolio_shows_SBIN_once_with_the_Zerodha_Angel_and_Dhan_lines()
    {
        await RefreshAsync();
        await using var user = await app.NewTraderAsync();
        var kite = await app.AddKiteAccountAsync(user);
        var angel = await InstrumentsAccounts.AddAngelAccountAsync(user);
        var dhan = await InstrumentsAccounts.AddDhanAccountAsync(user);
        app.Sandbox.NextSecond();

        var portfolio = await user.Portfolio.LoadAsync();

        Assert.Empty(portfolio.Issues);
        var sbin = Assert.Single(portfolio.Holdings, h => h.Instrument.TradingSymbol.StartsWith("SBIN", StringComparison.Ordinal));
        Assert.Equal(new InstrumentKey("NSE", "SBIN"), sbin.Instrument);
        Assert.Equal(5 + 7 + 3, sbin.Quantity);
        Assert.Equal(new[] { kite, angel, dhan }.Order(), sbin.Accounts.Select(a => a.AccountId).Order());
        Assert.DoesNotContain(portfolio.Holdings, h => h.Instrument.Exchange == "ALL");
    }

    [Fact]
    public async Task The_last_price_comes_through_a_live_session_at_a_broker_that_lists_it_and_says_why_when_none_can()
    {
        await RefreshAsync();
        await using var user = await app.NewTraderAsync();
        var sbin = (await app.Services.GetRequiredService<InstrumentCatalog>().GetAsync()).Find(new InstrumentKey("NSE", "SBIN"))!;
        var prices = user.Scope.ServiceProvider.GetRequiredService<IInstrumentPrices>();

        var none = await prices.LastPriceAsync(sbin);
        Assert.Null(none.Price);
        Assert.StartsWith("No live session", none.Problem, StringComparison.Ordinal);

        await InstrumentsAccounts.AddDhanAccountAsync(user);
        app.Sandbox.NextSecond();
        var viaDhan = await prices.LastPriceAsync(sbin);
        Assert.Null(viaDhan.Problem);
        Assert.True(viaDhan.Price!.Price > 0);

        await app.AddKiteAccountAsync(user, "Kite desk");
        app.Sandbox.NextSecond();
        var viaKite = await prices.LastPriceAsync(sbin);
        Assert.Equal("Kite desk", viaKite.Price!.Via); // Kite's quote call is the batched one: it is asked first
        Assert.True(viaKite.Price.Price > 0);
    }

    [Fact]
    public async Task A_Dhan_order_entered_by_symbol_reaches_Dhan_as_its_security_id()
    {
        await RefreshAsync();
        await using var user = await app.NewTraderAsync();
        var dhan = await InstrumentsAccounts.AddDhanAccountAsync(user);

        var result = await user.Orders.PlaceAsync(new OrderTicket { AccountId = dhan, Exchange = "NSE", TradingSymbol = "SBIN", Quantity = 2, OrderType = OrderType.Market });

        Assert.Equal(PlacementOutcome.Placed, result.Outcome);
        app.Sandbox.NextSecond();
        var book = await user.Sessions.CallBrokerAsync(dhan, (client, ct) => client.GetOrdersAsync(ct));
        var order = Assert.Single(book, o => o.OrderId == result.OrderId);
        Assert.Equal(3045, order.InstrumentToken);
        Assert.Equal("SBIN", order.TradingSymbol);
    }

    [Fact]
    public async Task Quantity_off_the_lot_and_price_off_the_tick_are_refused_before_sending()
    {
        await RefreshAsync();
        await using var user = await app.NewTraderAsync();
        var kite = await app.AddKiteAccountAsync(user);
        var index = await app.Services.GetRequiredService<InstrumentCatalog>().GetAsync();
        var future = index.Search("NIFTY", ["NFO"]).First(i => i.Kind == InstrumentKind.Future);

        var lot = await Assert.ThrowsAsync<OrderValidationException>(() => user.Orders.PlaceAsync(new OrderTicket
        {
            AccountId = kite,
            Exchange = "NFO",
            TradingSymbol = future.Symbol,
            Quantity = 100,
            Product = ProductType.Nrml,
        }));
        var tick = await Assert.ThrowsAsync<OrderValidationException>(() => user.Orders.PlaceAsync(new OrderTicket
        {
            AccountId = kite,
            Exchange = "NSE",
            TradingSymbol = "SBIN",
            Quantity = 1,
            OrderType = OrderType.Limit,
            Price = 812.43m,
        }));

        Assert.Equal($"{future.Symbol} trades in lots of 65: the quantity must be a multiple of 65 (e.g. 65 or 130), not 100.", Assert.Single(lot.Errors).Message);
        Assert.Equal("SBIN moves in ticks of ₹0.05: the price ₹812.43 is not on a tick (nearest ₹812.40 or ₹812.45).", Assert.Single(tick.Errors).Message);
        app.Sandbox.NextSecond();
        Assert.Empty(await user.Sessions.CallBrokerAsync(kite, (client, ct) => client.GetOrdersAsync(ct)));
        Assert.Empty(await user.Orders.RecentIntentsAsync(10)); // nothing saved either
    }
}
