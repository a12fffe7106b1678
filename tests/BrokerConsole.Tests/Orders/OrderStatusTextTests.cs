using BrokerConsole.Core.Brokers;
using BrokerConsole.Tests.Brokers.Zerodha;

namespace BrokerConsole.Tests.Orders;

/// <summary>Statuses read the same for every broker; the broker's own word is kept for the tooltip.</summary>
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
    [InlineData(OrderStatus.Open, "6", "Open")] // Fyers
    [InlineData(OrderStatus.Complete, "2", "Complete")] // Fyers
    [InlineData(OrderStatus.Cancelled, "7", "Cancelled")] // Fyers
    [InlineData(OrderStatus.TriggerPending, "6", "Trigger pending")] // Fyers SL waiting
    [InlineData(OrderStatus.Open, "OPEN", "Open")] // Kite
    [InlineData(OrderStatus.Open, "open", "Open")] // Angel One
    [InlineData(OrderStatus.Open, "PENDING", "Open")] // Dhan
    [InlineData(OrderStatus.Complete, "TRADED", "Complete")] // Dhan
    [InlineData(OrderStatus.Rejected, "rejected", "Rejected")] // Angel One
    [InlineData(OrderStatus.Pending, "open pending", "Pending")] // Angel One
    [InlineData(OrderStatus.Unknown, "NONE", "Unknown")]
    [InlineData(OrderStatus.Unknown, "", "Unknown")]
    public void Describe_reads_the_same_for_every_broker(OrderStatus status, string raw, string expected) =>
        Assert.Equal(expected, OrderStatusText.Describe(Order(status, raw)));

    [Theory]
    [InlineData("6", "Broker status: 6")]
    [InlineData("TRADED", "Broker status: TRADED")]
    [InlineData("", "The broker sent no status")]
    public void Broker_word_is_kept_for_the_tooltip(string raw, string expected) =>
        Assert.Equal(expected, OrderStatusText.BrokerWord(Order(OrderStatus.Open, raw)));

    [Fact]
    public async Task Kite_orders_mock_statuses_read_as_common_words_not_kite_capitals()
    {
        using var host = new KiteTestHost();
        host.Handler.ThenMock("orders");

        var orders = await host.Client().GetOrdersAsync(CancellationToken.None);

        var words = orders.Select(OrderStatusText.Describe).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["Cancelled", "Complete", "Rejected"], words.Intersect(["Cancelled", "Complete", "Rejected"]).Order(StringComparer.Ordinal));
        Assert.All(words, w => Assert.Contains(w, new[] { "Open", "Trigger pending", "Pending", "Complete", "Cancelled", "Rejected", "Modified", "Unknown" }));
        Assert.All(orders, o => Assert.Contains(o.RawStatus, OrderStatusText.BrokerWord(o), StringComparison.Ordinal));
    }
}
