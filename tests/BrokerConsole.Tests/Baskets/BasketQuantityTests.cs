using BrokerConsole.Core.Baskets;

namespace BrokerConsole.Tests.Baskets;

public sealed class BasketQuantityTests
{
    private static readonly BasketTarget _plain = new() { AccountId = Guid.NewGuid() };

    [Fact]
    public void Same_gives_every_account_the_legs_quantity()
    {
        Assert.Equal(new LegQuantity(10, null), BasketQuantity.For(BasketQuantityRule.Same, _plain with { Multiplier = 3m }, 10, 0));
        Assert.False(BasketQuantity.For(BasketQuantityRule.Same, _plain, 0, 0).IsValid);
    }

    [Theory]
    [InlineData(10, 2.0, 1, 20)]
    [InlineData(10, 1.55, 1, 15)] // rounded down: never more than asked
    [InlineData(150, 1.5, 75, 225)] // 2 lots × 1.5 = 3 lots
    [InlineData(75, 1.5, 75, 75)] // 1 lot × 1.5 = 1 lot, never a fraction of one
    [InlineData(750, 0.4, 750, 0)] // less than one lot
    [InlineData(3, 0.2, 1, 0)]
    public void Multiplier_scales_whole_lots_and_rounds_down(int leg, double multiplier, int lot, int expected)
    {
        var result = BasketQuantity.For(BasketQuantityRule.Multiplier, _plain with { Multiplier = (decimal)multiplier }, leg, 0, lot);
        Assert.Equal(expected, result.Quantity);
        Assert.Equal(expected > 0, result.IsValid);
        if (expected == 0)
        {
            Assert.NotNull(result.Problem);
        }
    }

    [Fact]
    public void Multiplier_of_zero_or_less_is_refused()
    {
        Assert.False(BasketQuantity.For(BasketQuantityRule.Multiplier, _plain with { Multiplier = 0m }, 10, 0).IsValid);
        Assert.False(BasketQuantity.For(BasketQuantityRule.Multiplier, _plain with { Multiplier = -1m }, 10, 0).IsValid);
    }

    [Fact]
    public void Per_account_table_reads_the_accounts_row_by_leg()
    {
        var target = _plain with { Quantities = [5, 0] };
        Assert.Equal(new LegQuantity(5, null), BasketQuantity.For(BasketQuantityRule.PerAccount, target, 99, 0));
        Assert.False(BasketQuantity.For(BasketQuantityRule.PerAccount, target, 99, 1).IsValid);
        Assert.False(BasketQuantity.For(BasketQuantityRule.PerAccount, target, 99, 2).IsValid);
    }
}
