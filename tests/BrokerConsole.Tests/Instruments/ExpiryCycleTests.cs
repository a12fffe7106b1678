using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Web.Components.Instruments;

namespace BrokerConsole.Tests.Instruments;

/// <summary>Issue #16 §1: a weekly option is told apart from the monthly contract of the same underlying, strike and type.</summary>
public sealed class ExpiryCycleTests
{
    private static int _ids;

    private static CatalogInstrument Option(string underlying, DateOnly expiry, InstrumentKind kind = InstrumentKind.Call, string exchange = "NFO") =>
        new(++_ids, exchange, $"{underlying}{expiry:yyMMdd}24500{(kind == InstrumentKind.Call ? "CE" : "PE")}", underlying, underlying, null, kind, expiry, 24500m, 65, 0.05m,
            (40000 + _ids).ToString(System.Globalization.CultureInfo.InvariantCulture), new Dictionary<BrokerKind, BrokerSymbol>());

    [Fact]
    public void The_last_expiry_of_a_month_is_monthly_and_the_earlier_ones_are_weekly_per_underlying()
    {
        var dec02 = Option("NIFTY", new(2026, 12, 2));
        var dec09 = Option("NIFTY", new(2026, 12, 9), InstrumentKind.Put);
        var dec29 = Option("NIFTY", new(2026, 12, 29));
        var jan05 = Option("NIFTY", new(2027, 1, 5));
        var bankMonthly = Option("BANKNIFTY", new(2026, 12, 29));
        var sensexWeekly = Option("SENSEX", new(2026, 12, 3), exchange: "BFO");
        var sensexMonthly = Option("SENSEX", new(2026, 12, 24), exchange: "BFO");
        var future = new CatalogInstrument(++_ids, "NFO", "NIFTY26DECFUT", "NIFTY", "NIFTY", null, InstrumentKind.Future, new(2026, 12, 29), 0, 65, 0.1m, "35001", new Dictionary<BrokerKind, BrokerSymbol>());

        var index = new InstrumentIndex([dec02, dec09, dec29, jan05, bankMonthly, sensexWeekly, sensexMonthly, future]);

        ExpiryCycle CycleOf(CatalogInstrument i) => index.Find(i.Key)!.Cycle;
        Assert.Equal(ExpiryCycle.Weekly, CycleOf(dec02));
        Assert.Equal(ExpiryCycle.Weekly, CycleOf(dec09));
        Assert.Equal(ExpiryCycle.Monthly, CycleOf(dec29));
        Assert.Equal(ExpiryCycle.Monthly, CycleOf(jan05)); // the only January contract loaded is that month's last
        Assert.Equal(ExpiryCycle.Monthly, CycleOf(bankMonthly));
        Assert.Equal(ExpiryCycle.Weekly, CycleOf(sensexWeekly));
        Assert.Equal(ExpiryCycle.Monthly, CycleOf(sensexMonthly));
        Assert.Equal(ExpiryCycle.None, CycleOf(future));
    }

    [Fact]
    public void The_search_line_says_weekly_or_monthly()
    {
        var weekly = Option("NIFTY", new(2026, 12, 2));
        var monthly = Option("NIFTY", new(2026, 12, 29));
        var index = new InstrumentIndex([weekly, monthly]);

        Assert.StartsWith("CE 24500 02 Dec 2026 weekly · Lot 65", InstrumentSearch.Describe(index.Find(weekly.Key)!), StringComparison.Ordinal);
        Assert.StartsWith("CE 24500 29 Dec 2026 monthly · Lot 65", InstrumentSearch.Describe(index.Find(monthly.Key)!), StringComparison.Ordinal);
    }
}
