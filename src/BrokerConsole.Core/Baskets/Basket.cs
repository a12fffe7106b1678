using BrokerConsole.Core.Scheduling;

namespace BrokerConsole.Core.Baskets;

/// <summary>How each target account's quantity of a leg is found.</summary>
public enum BasketQuantityRule
{
    /// <summary>Every account gets the leg's own quantity.</summary>
    Same,

    /// <summary>The leg's quantity times the account's multiplier, rounded down to whole lots.</summary>
    Multiplier,

    /// <summary>A table: each account states its own quantity for each leg.</summary>
    PerAccount,
}

/// <summary>A saved set of orders ("legs") to place on many accounts with one confirm. Seen only by its owner.</summary>
public sealed class Basket
{
    public Guid Id { get; set; }

    public required string OwnerId { get; set; }

    public required string Name { get; set; }

    /// <summary>The orders, entered by console instrument and translated per broker when previewed and placed.</summary>
    public List<ScheduledOrder> Legs { get; set; } = [];

    /// <summary>The accounts it places on, with what the quantity rule needs of each.</summary>
    public List<BasketTarget> Targets { get; set; } = [];

    public BasketQuantityRule QuantityRule { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One account of a basket.</summary>
public sealed record BasketTarget
{
    public Guid AccountId { get; init; }

    /// <summary><see cref="BasketQuantityRule.Multiplier"/>: the leg's quantity (in lots) is multiplied by this.</summary>
    public decimal Multiplier { get; init; } = 1m;

    /// <summary><see cref="BasketQuantityRule.PerAccount"/>: this account's quantity of each leg, in leg order (0 = not on this account).</summary>
    public IReadOnlyList<int> Quantities { get; init; } = [];
}
