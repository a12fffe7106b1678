using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Portfolio;

namespace BrokerConsole.Core.Orders;

/// <summary>How a placement ended, as far as the console can know.</summary>
public enum PlacementOutcome
{
    /// <summary>The broker registered the order (it may still be rejected by RMS: see <see cref="PlacementResult.Order"/>).</summary>
    Placed,

    /// <summary>Certainly not in the order book: refused, rate limited, or absent after reconciliation.</summary>
    NotPlaced,

    /// <summary>Sent, but neither the answer nor the order book could be read: check the order book before placing again.</summary>
    Unknown,
}

/// <summary>The outcome of a placement, in words for the user.</summary>
/// <param name="Outcome">Placed, not placed, or unknown.</param>
/// <param name="Tag">The console's tag on the order; find it in the order book with this.</param>
/// <param name="OrderId">The broker's order id when placed.</param>
/// <param name="Message">What happened, including the broker's answer; never a secret.</param>
/// <param name="Order">The order as the book shows it right after placement (e.g. REJECTED with its reason), when it could be read.</param>
/// <param name="Reconciled">True when the outcome came from reading the order book after a lost answer.</param>
/// <param name="NotSent">
/// True when the console itself refused before anything left the machine (a local rate or order cap, no live
/// session, bad input): the broker never saw the order, so it was not "rejected" by anyone.
/// </param>
public sealed record PlacementResult(PlacementOutcome Outcome, string Tag, string? OrderId, string Message, BrokerOrder? Order, bool Reconciled, bool NotSent = false);

/// <summary>The outcome of a modify or cancel.</summary>
public sealed record OrderActionResult(bool Succeeded, string Message, BrokerOrder? Order);

/// <summary>Today's orders and fills of one account.</summary>
public sealed record AccountOrders(Guid AccountId, string DisplayName, BrokerKind Broker, IReadOnlyList<BrokerOrder> Orders, IReadOnlyList<BrokerTrade> Trades)
{
    /// <summary>When the rows were read from the broker; set when they are kept past a failed read (see <see cref="OrderBookMemory"/>).</summary>
    public DateTimeOffset? ReadAt { get; init; }

    /// <summary>True when the last read of this account failed and these are the last good rows, as of <see cref="ReadAt"/>.</summary>
    public bool IsStale { get; init; }
}

/// <summary>Today's orders of every account of the user; accounts that could not be read are in <see cref="Issues"/>.</summary>
public sealed record OrdersSnapshot(IReadOnlyList<AccountOrders> Accounts, IReadOnlyList<AccountIssue> Issues, DateTimeOffset LoadedAt);

/// <summary>
/// Orders of the signed-in user's accounts: read the books, place, modify, cancel. Every method acts
/// only on the current user's accounts (another user's account id behaves like one that does not exist)
/// and calls brokers only through <see cref="Sessions.IBrokerGateway.CallBrokerAsync{T}"/>.
/// </summary>
public interface IOrderService
{
    /// <summary>Today's orders and trades of every account (or only <paramref name="accountId"/>), loaded in parallel.</summary>
    /// <exception cref="AccountNotFoundException">A given <paramref name="accountId"/> is not the current user's.</exception>
    Task<OrdersSnapshot> GetTodayAsync(Guid? accountId = null, CancellationToken cancellationToken = default);

    /// <summary>Every state the order went through, oldest first.</summary>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    /// <exception cref="Sessions.NoActiveSessionException">No live session.</exception>
    /// <exception cref="BrokerApiException">The broker call failed.</exception>
    Task<IReadOnlyList<BrokerOrder>> GetHistoryAsync(Guid accountId, string orderId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Validates, saves an intent with a fresh unique tag, then sends the order once. When the answer is
    /// lost (timeout, 5xx, unreachable) it reads the order book and matches the tag instead of retrying.
    /// Never throws for broker failures: they are part of the result. Audited.
    /// </summary>
    /// <exception cref="OrderValidationException">The ticket is invalid; nothing was sent.</exception>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    Task<PlacementResult> PlaceAsync(OrderTicket ticket, CancellationToken cancellationToken = default);

    /// <summary>
    /// Like <see cref="PlaceAsync(OrderTicket, CancellationToken)"/> but with a tag the caller derived itself
    /// (scheduled runs use one deterministic tag per schedule, day, account and order, so a restarted run
    /// finds its earlier placement in the order book). An earlier intent of the same user with that tag is reused.
    /// The caller must look for the tag in the order book first: this method always sends.
    /// </summary>
    /// <exception cref="ArgumentException">The tag is not alphanumeric or longer than <see cref="OrderTags.MaxLength"/>.</exception>
    /// <exception cref="OrderValidationException">The ticket is invalid; nothing was sent.</exception>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    Task<PlacementResult> PlaceAsync(OrderTicket ticket, string tag, CancellationToken cancellationToken = default);

    /// <summary>
    /// A run item's send: like <see cref="PlaceAsync(OrderTicket, string, CancellationToken)"/> (same intent, tag and
    /// reconciliation) but the intent's transaction also claims the run item as <paramref name="claim"/> says, and it answers
    /// at the broker's acknowledgement without reading the order's status: a caller placing several orders on one account
    /// reads that account's book once afterwards (<see cref="PlacementMessages.WithBookStatus"/>) instead of once per order.
    /// </summary>
    /// <exception cref="TagClaimedElsewhereException">Another executor claimed the item first; nothing was saved or sent.</exception>
    /// <exception cref="OrderValidationException">The ticket is invalid; nothing was sent.</exception>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    Task<PlacementResult> SendAsync(OrderTicket ticket, string tag, TagClaim claim, CancellationToken cancellationToken = default);

    /// <summary>Changes quantity and/or prices of an open order. Audited; broker failures are part of the result.</summary>
    /// <exception cref="OrderValidationException">The change is invalid; nothing was sent.</exception>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    Task<OrderActionResult> ModifyAsync(OrderChange change, CancellationToken cancellationToken = default);

    /// <summary>Cancels an open order. Audited; broker failures are part of the result.</summary>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    Task<OrderActionResult> CancelAsync(Guid accountId, string orderId, CancellationToken cancellationToken = default);

    /// <summary>Looks for an unresolved placement's tag in the order book again; marks it placed when found.</summary>
    /// <exception cref="KeyNotFoundException">Not found, or not the current user's.</exception>
    Task<PlacementResult> CheckIntentAsync(Guid intentId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Settles an order that may have left without an answer being recorded (the app stopped while sending) by its
    /// tag, under the <see cref="ResendRule"/>: waits (on the app's clock, bounded) until the request can no longer
    /// arrive, telling <paramref name="checking"/> while it is "unknown, checking". Completes the tag's intent with
    /// what was found. Placed = in the book; NotPlaced = it can no longer arrive and a re-send is safe; Unknown = the
    /// book stayed unreadable. Never sends anything.
    /// </summary>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    Task<PlacementResult> SettleInFlightAsync(Guid accountId, string tag, DateTimeOffset sentAt, Func<TagVerdict, Task>? checking,
        CancellationToken cancellationToken = default);

    /// <summary>The current user's recent placements with their outcome, newest first.</summary>
    Task<IReadOnlyList<OrderIntent>> RecentIntentsAsync(int take, CancellationToken cancellationToken = default);
}
