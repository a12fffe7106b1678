using System.Globalization;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Scheduling;

namespace BrokerConsole.Core.Notifications.Trading;

/// <summary>The words of trading notifications: one sentence the inbox and Telegram both show.</summary>
public static class TradingNoticeText
{
    /// <summary>The stored message's limit (the column is 500).</summary>
    public const int MaxLength = 500;

    private static readonly CultureInfo _indian = CultureInfo.GetCultureInfo("en-IN");

    /// <summary>e.g. "BUY 5000 NSE:INFY on Zerodha main was rejected: Insufficient funds."</summary>
    public static string OrderRejected(string accountName, string what, string? reason)
    {
        var because = string.IsNullOrWhiteSpace(reason) ? "the broker gave no reason." : Sentence(reason.Trim());
        return Fit($"{what} on {accountName} was rejected: {because}");
    }

    /// <summary>e.g. "BUY 10 NSE:INFY on Zerodha main filled at ₹1,520.35 (order 2511240001)."</summary>
    public static string OrderFilled(string accountName, string what, decimal averagePrice, string? orderId)
    {
        var at = averagePrice > 0 ? " at ₹" + averagePrice.ToString("#,##0.00##", _indian) : "";
        var id = orderId is null ? "" : $" (order {orderId})";
        return Fit($"{what} on {accountName} filled{at}{id}.");
    }

    /// <summary>How an order from the book reads: side, quantity, exchange and symbol.</summary>
    public static string Describe(BrokerOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var side = order.TransactionType == TransactionType.Sell ? "SELL" : "BUY";
        var quantity = order.Quantity > 0 ? $" {order.Quantity}" : "";
        return $"{side}{quantity} {order.Exchange}:{order.TradingSymbol}";
    }

    /// <summary>
    /// A finished run: its headline ("Completed", or "Completed · 3 rejected · 1 unknown") and its tone. Only a run whose
    /// every item was placed is green; anything rejected, failed, skipped or not known is amber.
    /// </summary>
    public static (string Headline, NotificationTone Tone) RunHeadline(IReadOnlyCollection<ScheduleRunItemStatus> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var rejected = items.Count(s => s == ScheduleRunItemStatus.Rejected);
        var failed = items.Count(s => s == ScheduleRunItemStatus.Failed);
        var skipped = items.Count(s => s == ScheduleRunItemStatus.Skipped);
        // Still sending or checking when the run says it is done: the outcome is not known, which is not success.
        var unknown = items.Count(s => s is ScheduleRunItemStatus.Pending or ScheduleRunItemStatus.Sending or ScheduleRunItemStatus.Checking);
        var parts = new List<string> { "Completed" };
        AddPart(parts, rejected, "rejected");
        AddPart(parts, failed, "failed");
        AddPart(parts, skipped, "skipped");
        AddPart(parts, unknown, "unknown");
        return (string.Join(" · ", parts), parts.Count == 1 ? NotificationTone.Success : NotificationTone.Warning);
    }

    /// <summary>e.g. "Basket 'Morning hedge': Completed · 3 rejected. 7 of 10 orders placed."</summary>
    public static string RunFinished(RunKind kind, string name, IReadOnlyCollection<ScheduleRunItemStatus> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var (headline, _) = RunHeadline(items);
        var placed = items.Count(s => s == ScheduleRunItemStatus.Placed);
        var what = kind == RunKind.Basket ? "Basket" : "Schedule";
        var noun = items.Count == 1 ? "order" : "orders";
        return Fit($"{what} '{name}': {headline}. {placed} of {items.Count} {noun} placed.");
    }

    private static void AddPart(List<string> parts, int count, string word)
    {
        if (count > 0)
        {
            parts.Add($"{count} {word}");
        }
    }

    private static string Sentence(string text) => text.EndsWith('.') ? text : text + ".";

    private static string Fit(string text) => text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength - 1), "…");
}
