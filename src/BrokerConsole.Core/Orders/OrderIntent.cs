namespace BrokerConsole.Core.Orders;

/// <summary>Where a placement stands from the console's point of view.</summary>
public enum OrderIntentStatus
{
    /// <summary>Saved, about to be sent (or the app stopped while sending: reconcile).</summary>
    Sending,

    /// <summary>The broker registered the order; <see cref="OrderIntent.BrokerOrderId"/> is set.</summary>
    Placed,

    /// <summary>Certainly not in the order book (refused, rate limited, or reconciliation found no such tag).</summary>
    NotPlaced,

    /// <summary>Sent, no answer, and the order book could not be read: check it before placing again.</summary>
    Unknown,
}

/// <summary>
/// One order placement, saved with its unique tag BEFORE the request leaves, so that a placement whose
/// answer was lost can always be looked up in the broker's order book by that tag instead of re-sent.
/// </summary>
public sealed class OrderIntent
{
    public Guid Id { get; set; }

    public required string OwnerId { get; set; }

    public Guid AccountId { get; set; }

    /// <summary>Unique across the database; alphanumeric, at most <see cref="OrderTags.MaxLength"/> characters.</summary>
    public required string Tag { get; set; }

    /// <summary>E.g. "BUY 10 NSE:INFY LIMIT @ 1500 CNC"; no secrets.</summary>
    public required string Summary { get; set; }

    public OrderIntentStatus Status { get; set; }

    public string? BrokerOrderId { get; set; }

    /// <summary>The last outcome in words for the user.</summary>
    public string? Message { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
