using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Portfolio;

namespace BrokerConsole.Core.Exits;

/// <summary>One account's open positions as its broker reported them, the input of <see cref="ExitPlanner"/>.</summary>
public sealed record AccountPositions(Guid AccountId, string DisplayName, BrokerKind Broker, IReadOnlyList<Position> Net);

/// <summary>
/// One closing order of a plan. <see cref="Ticket"/> is in the console's names (the order path translates it for the
/// broker, as for any order); <see cref="BrokerSymbol"/> is what the broker will be sent, for the preview.
/// <see cref="NetQuantity"/> is the signed position the plan saw: confirm sends only while the broker still reports it.
/// </summary>
public sealed record ExitLeg(
    int Index,
    Guid AccountId,
    string AccountName,
    BrokerKind Broker,
    InstrumentKey Instrument,
    string BrokerSymbol,
    ProductType Product,
    int NetQuantity,
    OrderTicket Ticket,
    IReadOnlyList<string> Checks,
    string? Problem)
{
    /// <summary>Whether the leg passed every check and will be sent on confirm.</summary>
    public bool Sendable => Problem is null;
}

/// <summary>
/// A previewed exit: every closing order, and the accounts that could not be read (no session, broker error), listed
/// so none is silently left out. Held until confirmed once or until <see cref="ExpiresAt"/>.
/// </summary>
public sealed record ExitPlan(
    Guid Id,
    ExitScope Scope,
    ExitPricing Pricing,
    IReadOnlyList<ExitLeg> Legs,
    IReadOnlyList<AccountIssue> Skipped,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);

/// <summary>What happened to one closing order (or one cancel of the kill switch).</summary>
public enum ExitOutcome
{
    /// <summary>The broker registered the order (or cancelled the order).</summary>
    Done,

    /// <summary>The broker refused it; the message has the broker's reason.</summary>
    Rejected,

    /// <summary>Sent, and neither the answer nor the order book says what became of it: checking, never re-sent.</summary>
    Unknown,

    /// <summary>Not sent: the position changed since the preview, a check failed, or the account had no live session.</summary>
    Skipped,
}

/// <summary>The result of one leg after confirm.</summary>
public sealed record ExitLegResult(ExitLeg Leg, ExitOutcome Outcome, string Message, string? Tag, string? OrderId);

/// <summary>A confirmed plan: what became of every leg, and the accounts skipped at preview.</summary>
public sealed record ExitRun(Guid PlanId, IReadOnlyList<ExitLegResult> Results, IReadOnlyList<AccountIssue> Skipped, DateTimeOffset At)
{
    public int Count(ExitOutcome outcome) => Results.Count(r => r.Outcome == outcome);
}

/// <summary>The plan does not exist, is not the user's, was already confirmed, or expired.</summary>
public sealed class ExitPlanNotFoundException() : Errors.NotFoundException(
    "That exit preview is gone: it was already confirmed, it expired, or it is not yours. Preview the exit again.");

/// <summary>The exit's scope or prices are incomplete; nothing was read or sent.</summary>
public sealed class ExitRequestInvalidException(IReadOnlyList<string> problems) : Errors.ValidationFailedException(string.Join(" ", problems));
