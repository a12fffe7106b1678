using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Orders;

namespace BrokerConsole.Core.Baskets;

/// <summary>The rules a basket must meet before it is saved or previewed: the checks that need no broker and no session.</summary>
public static class BasketValidator
{
    public const int MaxLegs = 20;
    public const int MaxAccounts = 100;

    /// <summary>Rules on the draft alone.</summary>
    public static List<string> Check(BasketDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(draft.Name) || draft.Name.Trim().Length > 100)
        {
            errors.Add("Give the basket a name of 1 to 100 characters.");
        }

        if (draft.Legs.Count is 0 or > MaxLegs)
        {
            errors.Add($"A basket has 1 to {MaxLegs} orders.");
        }

        if (draft.Targets.Count is 0 or > MaxAccounts)
        {
            errors.Add($"Choose 1 to {MaxAccounts} accounts.");
        }

        if (draft.Targets.Select(t => t.AccountId).Distinct().Count() != draft.Targets.Count)
        {
            errors.Add("An account is listed twice.");
        }

        if (!Enum.IsDefined(draft.QuantityRule))
        {
            errors.Add("Choose a quantity rule.");
        }

        if (draft.QuantityRule == BasketQuantityRule.Multiplier && draft.Targets.Any(t => t.Multiplier <= 0 || t.Multiplier > 1000))
        {
            errors.Add("Each account's multiplier must be above 0 and at most 1000.");
        }

        if (draft.QuantityRule == BasketQuantityRule.PerAccount && draft.Targets.Any(t => t.Quantities.Count != draft.Legs.Count || t.Quantities.Any(q => q < 0)))
        {
            errors.Add("The quantity table needs one quantity (0 or more) per order for each account.");
        }

        for (var i = 0; i < draft.Legs.Count; i++)
        {
            // Same rules as a manual order; the per-account quantity of a table is checked in the preview.
            var leg = draft.QuantityRule == BasketQuantityRule.PerAccount ? draft.Legs[i] with { Quantity = Math.Max(1, draft.Legs[i].Quantity) } : draft.Legs[i];
            foreach (var error in OrderTicketValidator.Validate(leg with { AccountId = Guid.NewGuid() }))
            {
                errors.Add($"Order {i + 1}: {error.Message}");
            }
        }

        return errors;
    }

    /// <summary>Rules on the draft, then every account the owner's (another user's account is refused as unknown).</summary>
    /// <exception cref="BasketValidationException">Nothing saved or sent.</exception>
    /// <exception cref="AccountNotFoundException">An account is not the current user's.</exception>
    public static async Task ValidateAsync(BasketDraft draft, IAccountService accounts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var errors = Check(draft);
        if (errors.Count > 0)
        {
            throw new BasketValidationException(errors);
        }

        var owned = (await accounts.ListAsync(cancellationToken)).Select(a => a.Id).ToHashSet();
        foreach (var target in draft.Targets)
        {
            if (!owned.Contains(target.AccountId))
            {
                throw new AccountNotFoundException(target.AccountId);
            }
        }
    }
}
