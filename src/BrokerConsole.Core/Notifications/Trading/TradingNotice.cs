using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Notifications.Trading;

/// <summary>
/// One trading event for one owner, ready to be stored once. <paramref name="DedupeKey"/> names the event (see
/// <see cref="TradingNoticeKeys"/>): the same key twice is the same event, whoever saw it (placement, postback, polling).
/// </summary>
public sealed record TradingNotice(
    string OwnerId,
    Guid AccountId,
    BrokerKind Broker,
    NotificationKind Kind,
    string Message,
    NotificationTone Tone,
    string DedupeKey,
    string? Link);

/// <summary>The keys that make two sightings of one event one notification.</summary>
public static class TradingNoticeKeys
{
    /// <summary>
    /// An order reaching a status at the broker. Broker order id + status: a fill seen by a postback and by two polls is
    /// one key, while a later different status of the same order (rejected after a modify) is a new event.
    /// </summary>
    public static string Order(Guid accountId, string orderId, Brokers.OrderStatus status) =>
        $"order:{accountId:N}:{orderId}:{status}";

    /// <summary>A placement the broker refused outright: no order id exists, the tag (unique per placement) names it.</summary>
    public static string RefusedPlacement(Guid accountId, string tag) => $"refused:{accountId:N}:{tag}";

    /// <summary>A run finishes once.</summary>
    public static string Run(Guid runId) => $"run:{runId:N}";
}
