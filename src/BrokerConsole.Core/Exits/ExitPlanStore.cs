using System.Collections.Concurrent;

namespace BrokerConsole.Core.Exits;

/// <summary>
/// Previewed exit plans, in memory, each confirmable once: <see cref="Take"/> removes the plan as it hands it out, so a
/// second confirm (a double click, a retried request) finds nothing and sends nothing. Memory on purpose: after a
/// restart a preview is gone and the user previews again from the positions as they are then.
/// </summary>
public sealed class ExitPlanStore(TimeProvider time)
{
    /// <summary>How long a preview can be confirmed: positions and prices move, so an old preview is not confirmed.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<Guid, (string OwnerId, ExitPlan Plan)> _plans = new();

    public void Add(string ownerId, ExitPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var expired in _plans.Where(p => p.Value.Plan.ExpiresAt <= time.GetUtcNow()).Select(p => p.Key).ToList())
        {
            _plans.TryRemove(expired, out _);
        }

        _plans[plan.Id] = (ownerId, plan);
    }

    /// <summary>The owner's unexpired plan, removed so it cannot be taken twice; null otherwise.</summary>
    public ExitPlan? Take(string ownerId, Guid planId)
    {
        if (!_plans.TryGetValue(planId, out var entry) || entry.OwnerId != ownerId)
        {
            // Another user's plan id behaves like an unknown one, and stays confirmable by its owner.
            return null;
        }

        if (!_plans.TryRemove(KeyValuePair.Create(planId, entry)))
        {
            return null;
        }

        return entry.Plan.ExpiresAt > time.GetUtcNow() ? entry.Plan : null;
    }
}
