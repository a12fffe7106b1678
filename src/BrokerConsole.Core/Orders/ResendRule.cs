using System.ComponentModel.DataAnnotations;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Orders;

/// <summary>Settings under "Orders": when an order that may have left can be considered never to arrive.</summary>
public sealed class OrderResendOptions
{
    public const string SectionName = "Orders";

    /// <summary>
    /// Added to the broker client's own limits (its longest local rate-limit wait plus its request timeout): a broker
    /// can register a request it received well after the client gave up on it (a held request, a slow OMS).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ResendGrace { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long past that moment the order book may stay unreadable before the outcome is left as unknown.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan UnreadableBookPatience { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Pause between order-book reads that failed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ReadRetryInterval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// The one rule for anything that might send an order again (scheduled runs, manual placements, later baskets):
/// a request that may have left is never re-sent before it can no longer arrive at the broker, i.e. before its
/// send time + the client's longest local wait + its request timeout + <see cref="OrderResendOptions.ResendGrace"/>,
/// and only when an order-book read that STARTED after that moment does not show its tag.
/// </summary>
public sealed class ResendRule(IOptions<OrderResendOptions> options, IBrokerModules brokers)
{
    public OrderResendOptions Options => options.Value;

    /// <summary>The moment after which a request sent (or about to be sent) at <paramref name="sentAt"/> cannot arrive any more.</summary>
    public DateTimeOffset CannotArriveAfter(BrokerKind broker, DateTimeOffset sentAt) => sentAt + ClientLimit(broker) + options.Value.ResendGrace;

    /// <summary>
    /// Judges one order-book read for <paramref name="tag"/>. <paramref name="readStartedAt"/> is when the read was started:
    /// a read begun before the deadline proves nothing about absence.
    /// </summary>
    public TagVerdict Judge(BrokerKind broker, DateTimeOffset sentAt, string tag, IReadOnlyList<Brokers.BrokerOrder> book, DateTimeOffset readStartedAt)
    {
        ArgumentNullException.ThrowIfNull(book);
        var match = FindTag(book, tag);
        if (match is not null)
        {
            return new TagVerdict(TagState.Found, match, CannotArriveAfter(broker, sentAt));
        }

        var deadline = CannotArriveAfter(broker, sentAt);
        return new TagVerdict(readStartedAt >= deadline ? TagState.CannotArrive : TagState.Checking, null, deadline);
    }

    /// <summary>The earliest order carrying the tag (Kite keeps it in <c>tag</c> and <c>tags</c>).</summary>
    public static Brokers.BrokerOrder? FindTag(IReadOnlyList<Brokers.BrokerOrder> book, string tag) =>
        book.Where(o => o.Tag == tag || o.Tags.Contains(tag)).OrderBy(o => o.PlacedAt).FirstOrDefault();

    /// <summary>The longest a request can take to leave (local rate-limit wait) plus the longest the client waits for it.</summary>
    private TimeSpan ClientLimit(BrokerKind broker) =>
        brokers.All.FirstOrDefault(m => m.Kind == broker)?.LongestRequestLife
        // An unknown broker gets the most careful bound any client allows.
        ?? TimeSpan.FromMinutes(5);
}

/// <summary>What the order book says about one tag so far.</summary>
public enum TagState
{
    /// <summary>The broker has the order.</summary>
    Found,

    /// <summary>Not in the book yet, but the request may still arrive: unknown, keep checking, never re-send.</summary>
    Checking,

    /// <summary>Not in a book read that began after the request could last arrive: it was never placed, a re-send is safe.</summary>
    CannotArrive,

    /// <summary>The book stayed unreadable past the patience window: unknown, and nothing is re-sent.</summary>
    Unknown,
}

/// <param name="State">Found, still checking, cannot arrive, or unknown.</param>
/// <param name="Order">The order when found.</param>
/// <param name="CannotArriveAfter">The moment after which the request can no longer arrive.</param>
/// <param name="ReadError">The last order-book read failure, when that is why the state is not final.</param>
public sealed record TagVerdict(TagState State, Brokers.BrokerOrder? Order, DateTimeOffset CannotArriveAfter, string? ReadError = null);
