using BrokerConsole.Core.Brokers;

namespace BrokerConsole.Core.Exits;

/// <summary>Which positions an exit closes.</summary>
public enum ExitScopeKind
{
    /// <summary>One position: an account's instrument (optionally one product of it).</summary>
    Position,

    /// <summary>Every open position of one account.</summary>
    Account,

    /// <summary>One console instrument (e.g. NSE:SBIN) in every account of the user.</summary>
    Instrument,

    /// <summary>Every open position of every account of the user.</summary>
    All,
}

/// <summary>
/// What to close. <see cref="Instrument"/> is the console's name (NSE:SBIN), whatever each broker calls it;
/// <see cref="Product"/> narrows to one product (MIS, NRML, CNC) when set.
/// </summary>
public sealed record ExitScope(ExitScopeKind Kind, Guid? AccountId = null, InstrumentKey? Instrument = null, ProductType? Product = null)
{
    public static ExitScope Position(Guid accountId, InstrumentKey instrument, ProductType? product = null) => new(ExitScopeKind.Position, accountId, instrument, product);

    public static ExitScope Account(Guid accountId) => new(ExitScopeKind.Account, accountId);

    public static ExitScope Everywhere(InstrumentKey instrument) => new(ExitScopeKind.Instrument, null, instrument);

    public static ExitScope All() => new(ExitScopeKind.All);

    /// <summary>The reasons this scope cannot be planned (an account scope without an account, …); empty when it is complete.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Kind is ExitScopeKind.Position or ExitScopeKind.Account && AccountId is null)
        {
            problems.Add($"An exit of scope '{Kind}' needs the account.");
        }

        if (Kind is ExitScopeKind.Position or ExitScopeKind.Instrument && Instrument is null)
        {
            problems.Add($"An exit of scope '{Kind}' needs the instrument (exchange and symbol).");
        }

        return problems;
    }

    /// <summary>Whether a position line of <paramref name="accountId"/> on the console's <paramref name="instrument"/> is in scope.</summary>
    public bool Covers(Guid accountId, InstrumentKey instrument, ProductType product) =>
        (AccountId is null || AccountId == accountId)
        && (Instrument is null || Upper(Instrument.Value).Equals(Upper(instrument)))
        && (Product is null || Product == product)
        && (Kind != ExitScopeKind.Instrument || Instrument is not null);

    private static InstrumentKey Upper(InstrumentKey key) => new(key.Exchange.ToUpperInvariant(), key.TradingSymbol.ToUpperInvariant());

    /// <summary>In words, for the preview and the audit trail.</summary>
    public string Describe() => Kind switch
    {
        ExitScopeKind.Position => $"{Instrument} in one account",
        ExitScopeKind.Account => "every position of one account",
        ExitScopeKind.Instrument => $"{Instrument} in every account",
        _ => "every position in every account",
    };
}

/// <summary>
/// How a closing order is priced: MARKET (with market protection where the broker takes it; -1 lets the broker choose)
/// or LIMIT at the last price ± <see cref="Ticks"/> ticks (below it for a sell, above it for a buy, so it is marketable).
/// </summary>
public sealed record ExitPricing(OrderType OrderType, decimal MarketProtection = -1, int Ticks = 0)
{
    public static ExitPricing Market(decimal protection = -1) => new(OrderType.Market, protection);

    public static ExitPricing LimitAway(int ticks) => new(OrderType.Limit, Ticks: ticks);

    /// <summary>The reasons these prices cannot be used; empty when fine.</summary>
    public IReadOnlyList<string> Problems() => OrderType switch
    {
        OrderType.Market when MarketProtection != -1 && MarketProtection is <= 0 or > 100 =>
            ["Market protection is -1 (automatic) or a percentage above 0 up to 100."],
        OrderType.Limit when Ticks is < 0 or > 1000 => ["Ticks away from the last price are 0 to 1000."],
        OrderType.Market or OrderType.Limit => [],
        _ => ["An exit is a MARKET or a LIMIT order."],
    };
}
