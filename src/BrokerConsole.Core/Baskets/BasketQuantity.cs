using System.Globalization;

namespace BrokerConsole.Core.Baskets;

/// <summary>The quantity one account gets of one leg, or why it gets none.</summary>
public readonly record struct LegQuantity(int Quantity, string? Problem)
{
    public bool IsValid => Problem is null;
}

/// <summary>Applies a basket's <see cref="BasketQuantityRule"/> to one (account, leg).</summary>
public static class BasketQuantity
{
    /// <param name="rule">The basket's rule.</param>
    /// <param name="target">The account and its multiplier or table row.</param>
    /// <param name="legQuantity">The leg's own quantity.</param>
    /// <param name="legIndex">The leg's position, for the per-account table.</param>
    /// <param name="lotSize">
    /// The instrument's lot size when known (1 otherwise). A multiplier scales whole lots, never a fraction of one: 2 lots
    /// × 1.5 is 3 lots, 1 lot × 1.5 is 1 lot, 1 lot × 0.5 is nothing, so a multiplier never makes a quantity the exchange refuses.
    /// </param>
    public static LegQuantity For(BasketQuantityRule rule, BasketTarget target, int legQuantity, int legIndex, int lotSize = 1)
    {
        ArgumentNullException.ThrowIfNull(target);
        var lot = Math.Max(1, lotSize);
        switch (rule)
        {
            case BasketQuantityRule.Same:
                return new(legQuantity, legQuantity > 0 ? null : "The leg's quantity is not positive.");
            case BasketQuantityRule.Multiplier:
                if (target.Multiplier <= 0)
                {
                    return new(0, "The account's multiplier must be above 0.");
                }

                var lots = Math.Floor(legQuantity / (decimal)lot * target.Multiplier);
                if (lots > int.MaxValue / lot)
                {
                    return new(0, "The multiplied quantity is too large.");
                }

                var quantity = (int)lots * lot;
                return quantity > 0
                    ? new(quantity, null)
                    : new(0, lot > 1
                        ? string.Create(CultureInfo.InvariantCulture, $"{legQuantity} × {target.Multiplier:0.####} is less than one lot of {lot}.")
                        : string.Create(CultureInfo.InvariantCulture, $"{legQuantity} × {target.Multiplier:0.####} rounds down to 0."));
            case BasketQuantityRule.PerAccount:
                var table = legIndex < target.Quantities.Count ? target.Quantities[legIndex] : 0;
                return table > 0 ? new(table, null) : new(0, "No quantity in the table for this account and leg.");
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown quantity rule.");
        }
    }
}
