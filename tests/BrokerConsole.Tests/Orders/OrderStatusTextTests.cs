using BrokerConsole.Core.Brokers;

namespace BrokerConsole.Tests.Orders;

public sealed class OrderStatusTextTests
{
    private static BrokerOrder Order(OrderStatus status, string raw) => new()
    {
        OrderId = "1",
        Status = status,
        RawStatus = raw,
        TradingSymbol = "SBIN-EQ",
        Exchange = "NSE",
    };

    [Theory]
    [InlineData(OrderStatus.Open, "6", "OPEN (6)")]
    [InlineData(OrderStatus.Complete, "2", "COMPLETE (2)")]
    [InlineData(OrderStatus.Cancelled, "7", "CANCELLED (7)")]
    [InlineData(OrderStatus.TriggerPending, "6", "TRIGGER PENDING (6)")]
    [InlineData(OrderStatus.Open, "OPEN", "OPEN")]
    [InlineData(OrderStatus.Pending, "open pending", "open pending")]
    [InlineData(OrderStatus.Unknown, "", "")]
    public void Describe_words_integer_codes_and_keeps_broker_words(OrderStatus status, string raw, string expected) =>
        Assert.Equal(expected, OrderStatusText.Describe(Order(status, raw)));
}
