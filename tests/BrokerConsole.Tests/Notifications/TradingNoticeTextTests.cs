using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Notifications;
using BrokerConsole.Core.Notifications.Telegram;
using BrokerConsole.Core.Notifications.Trading;
using BrokerConsole.Core.Scheduling;

namespace BrokerConsole.Tests.Notifications;

/// <summary>The words and colours of trading notifications.</summary>
public sealed class TradingNoticeTextTests
{
    [Fact]
    public void A_run_whose_every_item_was_placed_is_green_and_says_only_completed()
    {
        var (headline, tone) = TradingNoticeText.RunHeadline([ScheduleRunItemStatus.Placed, ScheduleRunItemStatus.Placed]);

        Assert.Equal("Completed", headline);
        Assert.Equal(NotificationTone.Success, tone);
    }

    [Fact]
    public void A_run_with_rejections_is_amber_and_counts_them()
    {
        ScheduleRunItemStatus[] items = [ScheduleRunItemStatus.Placed, ScheduleRunItemStatus.Rejected, ScheduleRunItemStatus.Rejected, ScheduleRunItemStatus.Rejected];

        var (headline, tone) = TradingNoticeText.RunHeadline(items);

        Assert.Equal("Completed · 3 rejected", headline);
        Assert.Equal(NotificationTone.Warning, tone);
        Assert.Equal("Basket 'Morning hedge': Completed · 3 rejected. 1 of 4 orders placed.", TradingNoticeText.RunFinished(RunKind.Basket, "Morning hedge", items));
    }

    [Fact]
    public void Items_still_sending_or_checking_are_unknown_and_never_green()
    {
        var (headline, tone) = TradingNoticeText.RunHeadline([ScheduleRunItemStatus.Placed, ScheduleRunItemStatus.Checking, ScheduleRunItemStatus.Sending, ScheduleRunItemStatus.Failed, ScheduleRunItemStatus.Skipped]);

        Assert.Equal("Completed · 1 failed · 1 skipped · 2 unknown", headline);
        Assert.Equal(NotificationTone.Warning, tone);
    }

    [Fact]
    public void A_rejection_names_the_order_the_account_and_the_brokers_reason()
    {
        Assert.Equal("BUY 5000 NSE:INFY on Kite main was rejected: Insufficient funds. Required margin is 7500000.",
            TradingNoticeText.OrderRejected("Kite main", "BUY 5000 NSE:INFY", "Insufficient funds. Required margin is 7500000"));
        Assert.Equal("SELL 1 NSE:SBIN on Dhan was rejected: the broker gave no reason.", TradingNoticeText.OrderRejected("Dhan", "SELL 1 NSE:SBIN", "  "));
    }

    [Fact]
    public void A_fill_gives_the_average_price_in_indian_grouping_and_the_order_id()
    {
        Assert.Equal("BUY 10 NSE:INFY on Kite main filled at ₹1,52,035.50 (order 2511240001).",
            TradingNoticeText.OrderFilled("Kite main", "BUY 10 NSE:INFY", 152035.5m, "2511240001"));
        Assert.Equal("Order 1 (INFY) on K filled.", TradingNoticeText.OrderFilled("K", "Order 1 (INFY)", 0m, null));
    }

    [Fact]
    public void A_long_reason_is_cut_to_the_column_with_an_ellipsis()
    {
        var text = TradingNoticeText.OrderRejected("Kite", "BUY 1 NSE:INFY", new string('x', 900));

        Assert.Equal(TradingNoticeText.MaxLength, text.Length);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Telegram_text_leads_with_the_kind()
    {
        Assert.Equal("BrokerConsole · Order rejected\nBUY 1 NSE:INFY on K was rejected: no.", TelegramOutbox.Compose(NotificationKind.OrderRejected, "BUY 1 NSE:INFY on K was rejected: no."));
    }

    [Fact]
    public void Keys_are_broker_order_id_plus_status()
    {
        var account = Guid.Parse("11111111-2222-3333-4444-555555555555");

        Assert.Equal("order:11111111222233334444555555555555:2511240001:Complete", TradingNoticeKeys.Order(account, "2511240001", OrderStatus.Complete));
        Assert.NotEqual(TradingNoticeKeys.Order(account, "1", OrderStatus.Complete), TradingNoticeKeys.Order(account, "1", OrderStatus.Rejected));
    }
}
