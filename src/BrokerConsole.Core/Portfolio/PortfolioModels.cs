using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;

namespace BrokerConsole.Core.Portfolio;

/// <summary>What one account returned: its funds, positions and holdings as the broker reported them.</summary>
public sealed record AccountPortfolio(Guid AccountId, string DisplayName, BrokerKind Broker, Funds Funds, Positions Positions, IReadOnlyList<Holding> Holdings);

/// <summary>Whether a line is a demat holding or a net/day position.</summary>
public enum PortfolioLineKind
{
    Holding,
    NetPosition,
    DayPosition,
}

/// <summary>
/// One account's share of an instrument. Quantity is signed for positions (negative is short). <paramref name="Multiplier"/>
/// is the contract's units per quoted price (Kite's <c>multiplier</c>: 1000 for LEADMINI, 1 for shares).
/// </summary>
public sealed record AccountLine(Guid AccountId, string DisplayName, string Product, int Quantity, decimal AveragePrice, decimal LastPrice, decimal Pnl, decimal DayPnl, decimal Multiplier = 1)
{
    /// <summary>Market value at the last price (signed like the quantity), in rupees: quantity × price × multiplier.</summary>
    public decimal Value => Quantity * LastPrice * Multiplier;

    /// <summary>What the line cost at its average price (for MTF, Kite's <c>mtf.value</c>).</summary>
    public decimal Invested => Quantity * AveragePrice * Multiplier;
}

/// <summary>
/// An instrument across the user's accounts, with the per-account breakdown. <c>AveragePrice</c> is the
/// quantity-weighted average of the lines on the side of <c>Quantity</c> (long lines for a net long, short
/// lines for a net short); 0 when the net quantity is flat.
/// </summary>
public sealed record SymbolAggregate(InstrumentKey Instrument, int Quantity, decimal AveragePrice, decimal LastPrice, decimal Pnl, decimal DayPnl, IReadOnlyList<AccountLine> Accounts)
{
    /// <summary>The lines' values added up, so each keeps its own contract multiplier.</summary>
    public decimal Value => Accounts.Sum(a => a.Value);
}

/// <summary>Per-account totals for the summary table and charts.</summary>
public sealed record AccountTotals(Guid AccountId, string DisplayName, decimal AvailableFunds, decimal HoldingsValue, decimal HoldingsPnl, decimal PositionsPnl, decimal DayPnl);

/// <summary>The whole portfolio of the user: per account, aggregated by symbol, and totals.</summary>
public sealed record PortfolioSnapshot(
    IReadOnlyList<AccountPortfolio> Accounts,
    IReadOnlyList<AccountIssue> Issues,
    IReadOnlyList<SymbolAggregate> Holdings,
    IReadOnlyList<SymbolAggregate> NetPositions,
    IReadOnlyList<SymbolAggregate> DayPositions,
    IReadOnlyList<AccountTotals> AccountTotals,
    decimal TotalFunds,
    decimal TotalHoldingsValue,
    decimal TotalPnl,
    decimal TotalDayPnl,
    DateTimeOffset LoadedAt,
    int BrokerCalls);
