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

/// <summary>Issue #17 §7: price bounds and precision checked before anything is sent.</summary>
public sealed class OrderPriceRuleTests
{
    private static readonly OrderTicket _limit = new()
    {
        AccountId = Guid.NewGuid(),
        Exchange = "NSE",
        TradingSymbol = "INFY",
        Quantity = 1,
        OrderType = OrderType.Limit,
        Product = ProductType.Cnc,
        Price = 1500m,
    };

    [Theory]
    [InlineData("NSE", "1500.05", true)]
    [InlineData("NSE", "1500.055", false)]
    [InlineData("NFO", "0.0000001", false)]
    [InlineData("CDS", "83.1225", true)]
    [InlineData("CDS", "83.12255", false)]
    [InlineData("NSE", "100000000", true)]
    [InlineData("NSE", "100000000.05", false)]
    [InlineData("NSE", "79228162514264337593543950335", false)]
    public void Limit_price_precision_and_ceiling_by_exchange(string exchange, string price, bool accepted)
    {
        var errors = OrderTicketValidator.Validate(_limit with { Exchange = exchange, Price = decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(accepted, errors.Count == 0);
        Assert.All(errors, e => Assert.Equal(nameof(OrderTicket.Price), e.Field));
    }

    [Fact]
    public void A_negative_trigger_is_refused_even_where_the_order_type_does_not_send_it()
    {
        var errors = OrderTicketValidator.Validate(_limit with { TriggerPrice = -50m });

        var error = Assert.Single(errors);
        Assert.Equal(nameof(OrderTicket.TriggerPrice), error.Field);
        Assert.Contains("negative", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TransactionType.Buy, 1000, 1010, false)]
    [InlineData(TransactionType.Buy, 1000, 990, true)]
    [InlineData(TransactionType.Sell, 1000, 990, false)]
    [InlineData(TransactionType.Sell, 1000, 1010, true)]
    public void Sl_trigger_on_the_right_side_of_the_limit(TransactionType side, int price, int trigger, bool accepted)
    {
        var errors = OrderTicketValidator.Validate(_limit with { OrderType = OrderType.StopLoss, Side = side, Price = price, TriggerPrice = trigger });

        Assert.Equal(accepted, errors.Count == 0);
    }

    [Fact]
    public void A_modification_above_the_ceiling_or_below_a_paisa_is_refused()
    {
        Assert.Contains(OrderTicketValidator.Validate(new OrderChange(Guid.NewGuid(), "1", null, decimal.MaxValue, null)), e => e.Field == nameof(OrderChange.Price));
        Assert.Contains(OrderTicketValidator.Validate(new OrderChange(Guid.NewGuid(), "1", null, null, 0.0000001m)), e => e.Field == nameof(OrderChange.TriggerPrice));
        Assert.Empty(OrderTicketValidator.Validate(new OrderChange(Guid.NewGuid(), "1", null, 1500.05m, null)));
    }
}
