using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Errors;
using BrokerConsole.Core.Orders;

namespace BrokerConsole.Core.Baskets;

/// <summary>What the user submits to save a basket, or to place one without saving it. Legs are tickets whose account id is ignored.</summary>
public sealed record BasketDraft
{
    public string Name { get; init; } = "";

    public IReadOnlyList<OrderTicket> Legs { get; init; } = [];

    public IReadOnlyList<BasketTarget> Targets { get; init; } = [];

    public BasketQuantityRule QuantityRule { get; init; }

    /// <summary>
    /// The owner's saved basket this draft was opened from (the editor on a saved basket), if any: a run placed from the
    /// draft is linked to it, whatever was edited since; null for an ad hoc basket.
    /// </summary>
    public Guid? SavedBasketId { get; init; }
}

/// <summary>A saved basket as the pages and the API show it.</summary>
public sealed record BasketView(
    Guid Id,
    string Name,
    IReadOnlyList<OrderTicket> Legs,
    IReadOnlyList<BasketTarget> Targets,
    BasketQuantityRule QuantityRule,
    DateTimeOffset UpdatedAt);

/// <summary>The outcome of one check of one (account, order) before anything is sent.</summary>
public enum BasketCheckState
{
    Passed,
    Failed,

    /// <summary>Nothing to check against (e.g. no instrument master loaded): the order goes as typed, as a single order would.</summary>
    NotChecked,
}

/// <summary>One check: "Session live", "Lot size", "Tick size", "Instrument known", "Quantity", "Order fields".</summary>
public sealed record BasketCheck(string Name, BasketCheckState State, string? Detail = null);

/// <summary>One (account, order) of a preview: what will be sent, translated for the account's broker, or why it will be skipped.</summary>
public sealed record BasketPreviewItem(
    Guid AccountId,
    string AccountName,
    BrokerKind Broker,
    string ClientId,
    int LegIndex,
    string Summary,
    string BrokerExchange,
    string BrokerSymbol,
    int Quantity,
    IReadOnlyList<BasketCheck> Checks)
{
    /// <summary>Every check passed (or had nothing to check): confirm sends it.</summary>
    public bool WillSend => Checks.All(c => c.State != BasketCheckState.Failed);

    /// <summary>The failed checks in words: the item's "skipped" reason.</summary>
    public string? SkipReason => WillSend ? null : "Skipped: " + string.Join(" ", Checks.Where(c => c.State == BasketCheckState.Failed).Select(c => c.Detail ?? c.Name + " failed."));
}

/// <summary>
/// Every (account, order) a confirm would place, before anything is sent. <see cref="Fingerprint"/> names exactly these
/// items: a confirm that carries it places them only if a fresh preview still gives the same.
/// </summary>
public sealed record BasketPreview(Guid? BasketId, string Name, IReadOnlyList<BasketPreviewItem> Items, string Fingerprint)
{
    public int ToSend => Items.Count(i => i.WillSend);

    public int ToSkip => Items.Count - ToSend;
}

/// <summary>A confirmed basket: the run placing it (created, not necessarily finished).</summary>
/// <param name="RunId">The basket run; follow it with the basket-run read.</param>
/// <param name="Items">Every (account, order) of the run.</param>
/// <param name="ToSend">Items that passed every check and are sent; the others are recorded as skipped.</param>
/// <param name="Replayed">True when an earlier request with the same idempotency key created the run: nothing new was placed.</param>
public sealed record BasketRunStarted(Guid RunId, int Items, int ToSend, bool Replayed);

/// <summary>The basket is invalid; nothing was saved or sent.</summary>
public sealed class BasketValidationException(IReadOnlyList<string> errors)
    : ValidationFailedException("The basket is invalid: " + string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>The basket (or basket run) does not exist or belongs to someone else (deliberately the same).</summary>
public sealed class BasketNotFoundException(Guid id)
    : NotFoundException("That basket does not exist, or it is not yours.")
{
    public Guid Id { get; } = id;
}

/// <summary>Confirm refused: what would be placed now differs from the preview the user confirmed (a session ended, the basket changed). Nothing was sent.</summary>
public sealed class BasketPreviewChangedException()
    : BrokerConsoleException("What would be placed has changed since the preview (a session, an instrument or the basket changed). Nothing was sent: preview again and confirm.");
