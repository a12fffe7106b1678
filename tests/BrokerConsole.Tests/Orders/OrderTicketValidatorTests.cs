using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Orders;

namespace BrokerConsole.Tests.Orders;

public sealed class OrderTicketValidatorTests
{
    private static readonly OrderTicket _valid = new()
    {
        AccountId = Guid.NewGuid(),
        Exchange = "NSE",
        TradingSymbol = "INFY",
        Quantity = 1,
        OrderType = OrderType.Market,
        Product = ProductType.Cnc,
    };

    [Fact]
    public void Market_order_always_carries_automatic_market_protection_and_no_price()
    {
        var request = OrderTicketValidator.ToRequest(_valid with { Price = 1500m }, "bctag");

        Assert.Empty(OrderTicketValidator.Validate(_valid));
        Assert.Equal(-1m, request.MarketProtection);
        Assert.Null(request.Price);
        Assert.Equal("bctag", request.Tag);
    }

    [Fact]
    public void Sl_m_order_carries_market_protection_and_trigger_limit_does_not()
    {
        var slm = OrderTicketValidator.ToRequest(_valid with { OrderType = OrderType.StopLossMarket, TriggerPrice = 1400m, MarketProtection = 2m }, "t");
        var limit = OrderTicketValidator.ToRequest(_valid with { OrderType = OrderType.Limit, Price = 1400m, TriggerPrice = 1300m }, "t");

        Assert.Equal(2m, slm.MarketProtection);
        Assert.Equal(1400m, slm.TriggerPrice);
        Assert.Null(limit.MarketProtection);
        Assert.Null(limit.TriggerPrice);
        Assert.Equal(1400m, limit.Price);
    }

    [Theory]
    [InlineData(OrderType.Limit, null, null, "Price")]
    [InlineData(OrderType.StopLoss, 100.0, null, "TriggerPrice")]
    [InlineData(OrderType.StopLossMarket, null, null, "TriggerPrice")]
    [InlineData(OrderType.StopLoss, 100.0, 105.0, "TriggerPrice")]
    public void Priced_order_types_need_their_prices(OrderType type, double? price, double? trigger, string field)
    {
        var errors = OrderTicketValidator.Validate(_valid with { OrderType = type, Price = (decimal?)price, TriggerPrice = (decimal?)trigger });

        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public void Bad_fields_are_each_reported()
    {
        var errors = OrderTicketValidator.Validate(new OrderTicket
        {
            Exchange = "NYSE",
            TradingSymbol = "infy",
            Side = TransactionType.Unknown,
            Quantity = -1,
            OrderType = OrderType.Unknown,
            Product = ProductType.Co,
            Validity = OrderValidity.Ttl,
            MarketProtection = 0,
        });

        Assert.Equal(
            ["AccountId", "Exchange", "TradingSymbol", "Side", "Quantity", "OrderType", "Product", "Validity", "MarketProtection"],
            errors.Select(e => e.Field).ToArray());
    }

    [Fact]
    public void Tags_are_unique_alphanumeric_and_within_the_broker_limit()
    {
        var now = DateTimeOffset.UtcNow;
        var tags = Enumerable.Range(0, 10_000).Select(_ => OrderTags.New(now)).ToList();

        Assert.All(tags, t => Assert.True(OrderTags.IsValid(t) && t.Length <= 20, t));
        Assert.Equal(tags.Count, tags.Distinct(StringComparer.Ordinal).Count());
    }
}
