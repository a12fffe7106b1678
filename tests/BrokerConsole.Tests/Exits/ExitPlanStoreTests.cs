using BrokerConsole.Core.Exits;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Exits;

/// <summary>A previewed plan is confirmable once, by its owner, within its lifetime: the guard against a double confirm.</summary>
public sealed class ExitPlanStoreTests
{
    private static ExitPlan Plan(DateTimeOffset now) =>
        new(Guid.NewGuid(), ExitScope.All(), ExitPricing.Market(), [], [], now, now + ExitPlanStore.Lifetime);

    [Fact]
    public void A_plan_is_taken_once()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-04T05:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var store = new ExitPlanStore(clock);
        var plan = Plan(clock.GetUtcNow());
        store.Add("owner", plan);

        Assert.Same(plan, store.Take("owner", plan.Id));
        Assert.Null(store.Take("owner", plan.Id));
    }

    [Fact]
    public void Another_users_take_finds_nothing_and_leaves_the_plan_to_its_owner()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-04T05:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var store = new ExitPlanStore(clock);
        var plan = Plan(clock.GetUtcNow());
        store.Add("owner", plan);

        Assert.Null(store.Take("someone else", plan.Id));
        Assert.Same(plan, store.Take("owner", plan.Id));
    }

    [Fact]
    public void An_expired_plan_cannot_be_confirmed()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-04T05:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var store = new ExitPlanStore(clock);
        var plan = Plan(clock.GetUtcNow());
        store.Add("owner", plan);

        clock.Advance(ExitPlanStore.Lifetime);

        Assert.Null(store.Take("owner", plan.Id));
    }
}
