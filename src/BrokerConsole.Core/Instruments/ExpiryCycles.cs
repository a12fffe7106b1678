namespace BrokerConsole.Core.Instruments;

/// <summary>Which contract of its month an option is.</summary>
public enum ExpiryCycle
{
    /// <summary>Not an option (equity, index, future).</summary>
    None = 0,

    /// <summary>An option expiring before the month's last expiry of its underlying.</summary>
    Weekly = 1,

    /// <summary>The month's last expiry: the contract traders call "the monthly".</summary>
    Monthly = 2,
}

/// <summary>
/// Weekly index options carry the same underlying, strike and type as the month's last contract, and a trader who
/// picks "NIFTY 24500 CE" must see which one it is. The monthly is the latest expiry of its underlying on its exchange
/// in that calendar month; every earlier one that month is a weekly. Computed from the loaded masters, so a holiday
/// that moves an expiry moves the answer with it.
/// </summary>
internal static class ExpiryCycles
{
    public static IReadOnlyList<CatalogInstrument> Label(IReadOnlyList<CatalogInstrument> instruments)
    {
        var monthEnds = new Dictionary<(string Exchange, string Underlying, int Year, int Month), DateOnly>();
        foreach (var option in instruments)
        {
            if (IsOption(option) && option.Expiry is { } expiry)
            {
                var key = (option.Exchange, option.Underlying, expiry.Year, expiry.Month);
                monthEnds[key] = monthEnds.TryGetValue(key, out var latest) && latest > expiry ? latest : expiry;
            }
        }

        if (monthEnds.Count == 0)
        {
            return instruments;
        }

        return [.. instruments.Select(i => IsOption(i) && i.Expiry is { } expiry
            ? i with { Cycle = monthEnds[(i.Exchange, i.Underlying, expiry.Year, expiry.Month)] == expiry ? ExpiryCycle.Monthly : ExpiryCycle.Weekly }
            : i)];
    }

    private static bool IsOption(CatalogInstrument instrument) => instrument.Kind is InstrumentKind.Call or InstrumentKind.Put;
}
