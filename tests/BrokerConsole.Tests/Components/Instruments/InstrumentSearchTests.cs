using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Web.Components.Instruments;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BrokerConsole.Tests.Components.Instruments;

/// <summary>The autocomplete over the catalog: symbol and name search, the exchange filter, lot and tick shown, the pick handed on.</summary>
public sealed class InstrumentSearchTests : ConsoleComponentTest
{
    private static CatalogInstrument Instrument(int id, string exchange, string symbol, string name, InstrumentKind kind, int lot, decimal tick) =>
        new(id, exchange, symbol, name, symbol, kind == InstrumentKind.Equity ? "INE062A01020" : null, kind, kind == InstrumentKind.Equity ? null : new DateOnly(2026, 9, 29),
            0, lot, tick, id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new Dictionary<BrokerKind, BrokerSymbol> { [BrokerKind.Zerodha] = new(symbol, exchange, symbol, "1") });

    private CatalogInstrument? _picked;

    public InstrumentSearchTests()
    {
        var catalog = new InstrumentCatalog(default(IDbContextFactory<BrokerConsoleDbContext>)!);
        catalog.Preload(new InstrumentIndex(
        [
            Instrument(1, "NSE", "SBIN", "STATE BANK OF INDIA", InstrumentKind.Equity, 1, 0.05m),
            Instrument(2, "BSE", "SBIN", "STATE BANK OF INDIA", InstrumentKind.Equity, 1, 0.05m),
            Instrument(3, "NFO", "SBIN26SEPFUT", "SBIN", InstrumentKind.Future, 750, 0.10m),
            Instrument(4, "NSE", "INFY", "INFOSYS", InstrumentKind.Equity, 1, 0.05m),
        ]));
        Services.AddSingleton(catalog);
    }

    [Fact]
    public void Typing_lists_matches_with_lot_and_tick_and_a_pick_is_handed_on()
    {
        var host = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<InstrumentSearch>(1);
            builder.AddAttribute(2, nameof(InstrumentSearch.DebounceInterval), 0);
            builder.AddAttribute(3, nameof(InstrumentSearch.ValueChanged),
                Microsoft.AspNetCore.Components.EventCallback.Factory.Create<CatalogInstrument?>(this, picked => _picked = picked));
            builder.CloseComponent();
        });

        host.Find("[data-testid=instrument-search] input").Input("sbi");

        host.WaitForAssertion(() => Assert.Equal(["NSE:SBIN", "BSE:SBIN", "NFO:SBIN26SEPFUT"],
            host.FindAll("[data-testid=instrument-option]").Select(o => o.GetAttribute("data-symbol"))));
        Assert.Contains("FUT 29 Sep 2026 · Lot 750 · Tick ₹0.10", host.FindAll("[data-testid=instrument-option]")[2].TextContent, StringComparison.Ordinal);
        host.FindAll(".mud-popover .mud-list-item")[2].Click();
        host.WaitForAssertion(() => Assert.Equal("NFO:SBIN26SEPFUT", _picked?.Key.ToString()));
    }

    [Fact]
    public void The_exchange_filter_keeps_only_that_exchange_and_a_name_finds_the_symbol()
    {
        var host = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<InstrumentSearch>(1);
            builder.AddAttribute(2, nameof(InstrumentSearch.DebounceInterval), 0);
            builder.CloseComponent();
        });

        host.Find("[data-testid=instrument-exchange-NFO]").Click();
        host.Find("[data-testid=instrument-search] input").Input("SBIN");
        host.WaitForAssertion(() => Assert.Equal(["NFO:SBIN26SEPFUT"], host.FindAll("[data-testid=instrument-option]").Select(o => o.GetAttribute("data-symbol"))));

        host.Find("[data-testid=instrument-exchange-NFO]").Click();
        host.Find("[data-testid=instrument-search] input").Input("infosys");
        host.WaitForAssertion(() => Assert.Equal(["NSE:INFY"], host.FindAll("[data-testid=instrument-option]").Select(o => o.GetAttribute("data-symbol"))));
    }
}
