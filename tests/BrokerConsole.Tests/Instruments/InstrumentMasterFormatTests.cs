using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.AngelOne;
using BrokerConsole.Core.Brokers.Dhan;
using BrokerConsole.Core.Brokers.Fyers;
using BrokerConsole.Core.Brokers.Zerodha;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Sandbox.Shared.Instruments;

namespace BrokerConsole.Tests.Instruments;

/// <summary>
/// Each sandbox master written in its broker's format and read back by that broker's loader: the units the reference
/// documents (Angel's strike ×100 and paise tick, Dhan's paise tick, Fyers' epoch expiry and header-less rows) come
/// back as rupees and dates, and the four join into one instrument per exchange token.
/// </summary>
public sealed class InstrumentMasterFormatTests
{
    private static readonly DateOnly _day = new(2026, 9, 9);
    private static readonly IReadOnlyList<SeedInstrument> _seed = InstrumentSeed.For(_day);

    private static List<MasterRow> Fyers() =>
        [.. MasterFormats.FyersSegments.SelectMany(s => FyersInstrumentMaster.Parse(MasterFormats.Fyers(_seed, s, _day)))];

    [Fact]
    public void Seed_is_thousands_of_rows_with_one_token_and_one_symbol_each_per_exchange()
    {
        Assert.True(_seed.Count > 3000, $"{_seed.Count} rows");
        Assert.Equal(_seed.Count, _seed.Select(r => (r.Exchange, r.ExchangeToken)).Distinct().Count());
        Assert.Equal(_seed.Count, _seed.Select(r => (r.Exchange, r.Symbol)).Distinct().Count());
        Assert.All(_seed.Where(r => r.Isin is not null), r => Assert.Matches("^IN[A-Z0-9]{9}[0-9]$", r.Isin!));
        // NSE's monthly contracts of September 2026 expire on its last Tuesday.
        Assert.Contains(_seed, r => r.Symbol == "NIFTY26SEPFUT" && r.Expiry == new DateOnly(2026, 9, 29));
    }

    [Fact]
    public void Kite_dump_reads_back_with_its_tokens_and_names()
    {
        var rows = KiteInstrumentMaster.Parse(MasterFormats.Kite(_seed));

        Assert.Equal(_seed.Count, rows.Count);
        var sbin = rows.Single(r => r.Exchange == "NSE" && r.BrokerSymbol == "SBIN");
        Assert.Equal(("3045", "779521", 0.05m, 1, InstrumentKind.Equity), (sbin.ExchangeToken, sbin.BrokerToken, sbin.TickSize, sbin.LotSize, sbin.Kind));
        Assert.Equal("128028676", rows.Single(r => r.Exchange == "BSE" && r.BrokerSymbol == "SBIN").BrokerToken);
        var call = rows.First(r => r.Kind == InstrumentKind.Call && r.Underlying == "NIFTY");
        Assert.Equal(ExchangeSymbols.Derivative("NIFTY", call.Expiry!.Value, InstrumentKind.Call, call.Strike), call.ExchangeSymbol);
    }

    [Fact]
    public void Angel_master_strike_and_tick_come_back_in_rupees()
    {
        var rows = AngelInstrumentMaster.Parse(MasterFormats.Angel(_seed));

        Assert.Equal(_seed.Count, rows.Count);
        var sbin = rows.Single(r => r.Exchange == "NSE" && r.BrokerSymbol == "SBIN-EQ");
        Assert.Equal(("SBIN", 0.05m), (sbin.ExchangeSymbol, sbin.TickSize));
        var call = rows.First(r => r.Kind == InstrumentKind.Call && r.Underlying == "NIFTY" && r.Strike == 25000m);
        Assert.Matches(@"^NIFTY\d{2}[A-Z]{3}\d{2}25000CE$", call.BrokerSymbol);
        Assert.Equal(ExchangeSymbols.Derivative("NIFTY", call.Expiry!.Value, InstrumentKind.Call, 25000m), call.ExchangeSymbol);
        Assert.Equal(65, call.LotSize);
    }

    [Fact]
    public void Fyers_masters_give_isins_and_leave_the_mcx_lot_unknown()
    {
        var rows = Fyers();

        Assert.Equal(_seed.Count, rows.Count);
        var sbin = rows.Single(r => r.Exchange == "NSE" && r.BrokerSymbol == "SBIN-EQ");
        Assert.Equal(("INE062A01020", "10100000003045", "SBIN"), (sbin.Isin, sbin.BrokerToken, sbin.ExchangeSymbol));
        var future = rows.First(r => r.Exchange == "NFO" && r.Kind == InstrumentKind.Future && r.Underlying == "NIFTY");
        Assert.Equal(("NSE", "NIFTY26SEPFUT", new DateOnly(2026, 9, 29)), (future.OrderExchange, future.BrokerSymbol, future.Expiry!.Value));
        Assert.All(rows.Where(r => r.Exchange == "MCX"), r => Assert.Equal(0, r.LotSize));
    }

    [Fact]
    public void Dhan_master_ticks_are_paise_and_orders_name_the_security_id()
    {
        var rows = DhanInstrumentMaster.Parse(MasterFormats.Dhan(_seed));

        Assert.Equal(_seed.Count, rows.Count);
        var sbin = rows.Single(r => r.Exchange == "NSE" && r.BrokerSymbol == "SBIN");
        Assert.Equal(("3045", "INE062A01020", 0.05m, "STATE BANK OF INDIA"), (sbin.OrderSymbol, sbin.Isin, sbin.TickSize, sbin.Name));
        var put = rows.First(r => r.Kind == InstrumentKind.Put && r.Underlying == "BANKNIFTY");
        Assert.Null(put.Isin);
        Assert.Matches(@"^BANKNIFTY-[A-Z][a-z]{2}\d{4}-\d+-PE$", put.BrokerSymbol);
    }

    [Fact]
    public void Four_masters_join_into_one_instrument_per_exchange_token()
    {
        var (instruments, symbols) = InstrumentMerge.Merge(
        [
            (BrokerKind.Zerodha, KiteInstrumentMaster.Parse(MasterFormats.Kite(_seed))),
            (BrokerKind.AngelOne, AngelInstrumentMaster.Parse(MasterFormats.Angel(_seed))),
            (BrokerKind.Fyers, Fyers()),
            (BrokerKind.Dhan, DhanInstrumentMaster.Parse(MasterFormats.Dhan(_seed))),
        ]);

        Assert.Equal(_seed.Count, instruments.Count);
        Assert.Equal(4 * _seed.Count, symbols.Count);
        // The console's symbol is the exchange's, whoever spelled the row first.
        Assert.Equal(_seed.Select(s => $"{s.Exchange}:{s.Symbol}").Order(), instruments.Select(i => $"{i.Exchange}:{i.Symbol}").Order());
        Assert.All(instruments.Where(i => i.Kind == InstrumentKind.Equity), i => Assert.NotNull(i.Isin));
        Assert.All(instruments, i => Assert.True(i.LotSize > 0 && i.TickSize > 0, i.Symbol));
    }
}
