using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Orders;

namespace BrokerConsole.Core.Notifications.Trading;

/// <summary>The notice a verified Kite postback gives: a fill or a rejection; other statuses (OPEN, CANCELLED, UPDATE) none.</summary>
public static class PostbackNotice
{
    public static TradingNotice? For(BrokerAccount account, ZerodhaPostback postback)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(postback);
        var status = postback.Status?.Trim().ToUpperInvariant() switch
        {
            "COMPLETE" => OrderStatus.Complete,
            "REJECTED" => OrderStatus.Rejected,
            _ => (OrderStatus?)null,
        };
        if (status is null || string.IsNullOrEmpty(postback.OrderId))
        {
            return null;
        }

        // The postback carries the order itself; the same builder as the order book keeps the key and words identical.
        var order = new BrokerOrder
        {
            OrderId = postback.OrderId,
            Status = status.Value,
            RawStatus = postback.Status ?? "",
            StatusMessage = postback.StatusMessage,
            TradingSymbol = postback.TradingSymbol ?? "?",
            Exchange = "",
        };
        var notice = OrderBookTransitions.For(account.OwnerId, account.Id, account.DisplayName, account.Broker, order);
        // Without the side and quantity, the sentence names the order by its id and symbol.
        var what = $"Order {postback.OrderId} ({postback.TradingSymbol ?? "?"})";
        var message = status == OrderStatus.Rejected
            ? TradingNoticeText.OrderRejected(account.DisplayName, what, postback.StatusMessage)
            : TradingNoticeText.OrderFilled(account.DisplayName, what, 0m, null);
        return notice with { Message = message };
    }
}
