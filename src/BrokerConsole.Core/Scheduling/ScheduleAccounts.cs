using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Scheduling;

/// <summary>The accounts a run of a schedule will place on.</summary>
internal static class ScheduleAccounts
{
    /// <summary>The schedule's own accounts, or its saved basket's as they are now.</summary>
    public static async Task<IReadOnlyList<Guid>> OfAsync(BrokerConsoleDbContext db, Schedule schedule, CancellationToken cancellationToken)
    {
        if (schedule.BasketId is not { } basketId)
        {
            return schedule.AccountIds;
        }

        var basket = await db.Baskets.AsNoTracking().SingleOrDefaultAsync(b => b.Id == basketId && b.OwnerId == schedule.OwnerId, cancellationToken);
        return basket is null ? [] : basket.Targets.Select(t => t.AccountId).Distinct().ToList();
    }
}
