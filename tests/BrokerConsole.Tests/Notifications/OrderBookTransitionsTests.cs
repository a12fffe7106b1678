using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Notifications;
using BrokerConsole.Core.Notifications.Trading;
using BrokerConsole.Core.Orders;

namespace BrokerConsole.Tests.Notifications;

/// <summary>Polls of the order book give a notice per order and status, once; the first read of an account is only a baseline.</summary>
public sealed class OrderBookTransitionsTests
{
    private static readonly Guid _account = Guid.NewGuid();

    // Diff never stores anything: the notifier is only for ObserveAsync.
    private readonly OrderBookTransitions _transitions = new(null!);

    private static BrokerOrder Order(string id, OrderStatus status, string? reason = null) => new()
    {
        OrderId = id,
        Status = status,
        RawStatus = status.ToString().ToUpperInvariant(),
        StatusMessage = reason,
        TradingSymbol = "INFY",
        Exchange = "NSE",
        TransactionType = TransactionType.Buy,
        Quantity = 10,
        AveragePrice = status == OrderStatus.Complete ? 1520.35m : 0m,
    };

    private static OrdersSnapshot Book(bool stale = false, params BrokerOrder[] orders) =>
        new([new AccountOrders(_account, "Kite main", BrokerKind.Zerodha, orders, []) { IsStale = stale }], [], DateTimeOffset.UnixEpoch);

    [Fact]
    public void The_first_read_is_a_baseline_even_with_fills_in_it()
    {
        Assert.Empty(_transitions.Diff("u1", Book(false, Order("1", OrderStatus.Complete), Order("2", OrderStatus.Rejected))));
    }

    [Fact]
    public void A_fill_seen_by_two_polls_is_one_notice()
    {
        _transitions.Diff("u1", Book(false, Order("1", OrderStatus.Open)));

        var first = _transitions.Diff("u1", Book(false, Order("1", OrderStatus.Complete)));
        var second = _transitions.Diff("u1", Book(false, Order("1", OrderStatus.Complete)));

        var notice = Assert.Single(first);
        Assert.Empty(second);
        Assert.Equal(NotificationKind.OrderFilled, notice.Kind);
        Assert.Equal(TradingNoticeKeys.Order(_account, "1", OrderStatus.Complete), notice.DedupeKey);
        Assert.Equal("BUY 10 NSE:INFY on Kite main filled at ₹1,520.35 (order 1).", notice.Message);
        Assert.Equal("u1", notice.OwnerId);
    }

    [Fact]
    public void An_order_that_appears_already_rejected_is_a_rejection_with_the_reason()
    {
        _transitions.Diff("u1", Book());

        var notice = Assert.Single(_transitions.Diff("u1", Book(false, Order("9", OrderStatus.Rejected, "Insufficient funds"))));

        Assert.Equal(NotificationKind.OrderRejected, notice.Kind);
        Assert.Equal(NotificationTone.Error, notice.Tone);
        Assert.Contains("Insufficient funds", notice.Message, StringComparison.Ordinal);
        Assert.Equal(TradingNoticeKeys.Order(_account, "9", OrderStatus.Rejected), notice.DedupeKey);
    }

    [Fact]
    public void The_same_key_comes_from_a_placement_answer_a_poll_and_a_postback()
    {
        var order = Order("7", OrderStatus.Complete);
        _transitions.Diff("u1", Book());
        var fromPoll = Assert.Single(_transitions.Diff("u1", Book(false, order)));
        var fromPlacement = OrderBookTransitions.For("u1", _account, "Kite main", BrokerKind.Zerodha, order);
        var account = new BrokerAccount { Id = _account, OwnerId = "u1", DisplayName = "Kite main", ClientId = "TA1234", Broker = BrokerKind.Zerodha };
        var fromPostback = PostbackNotice.For(account, new ZerodhaPostback("TA1234", "7", "2026-11-24 10:00:00", "x", "COMPLETE", "INFY"));

        Assert.Equal(fromPoll.DedupeKey, fromPlacement.DedupeKey);
        Assert.Equal(fromPoll.DedupeKey, fromPostback!.DedupeKey);
    }

    [Fact]
    public void A_stale_book_says_nothing_new_and_other_users_have_their_own_baseline()
    {
        _transitions.Diff("u1", Book(false, Order("1", OrderStatus.Open)));

        Assert.Empty(_transitions.Diff("u1", Book(true, Order("1", OrderStatus.Complete))));
        Assert.Empty(_transitions.Diff("u2", Book(false, Order("1", OrderStatus.Complete))));
        Assert.Single(_transitions.Diff("u1", Book(false, Order("1", OrderStatus.Complete))));
    }

    [Fact]
    public void Postback_statuses_other_than_complete_and_rejected_give_nothing()
    {
        var account = new BrokerAccount { Id = _account, OwnerId = "u1", DisplayName = "K", ClientId = "TA1234", Broker = BrokerKind.Zerodha };

        Assert.Null(PostbackNotice.For(account, new ZerodhaPostback("TA1234", "7", "t", "x", "OPEN", "INFY")));
        Assert.Null(PostbackNotice.For(account, new ZerodhaPostback("TA1234", "7", "t", "x", "CANCELLED", "INFY")));
        var rejected = PostbackNotice.For(account, new ZerodhaPostback("TA1234", "7", "t", "x", "REJECTED", "INFY", "RMS: margin exceeds"));
        Assert.Equal("Order 7 (INFY) on K was rejected: RMS: margin exceeds.", rejected!.Message);
    }
}
