using BrokerConsole.Core.Baskets;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Baskets;

/// <summary>
/// A basket confirmed from the editor opened on a saved basket is linked to that basket in its run record (issue #16), even
/// when its legs were edited first; an ad hoc basket is not; another user's basket id links nothing (not found).
/// </summary>
public sealed class BasketOriginTests(SharedApp<BasketSandbox> app) : IClassFixture<SharedApp<BasketSandbox>>
{
    [Fact]
    public async Task Run_of_an_edited_saved_basket_keeps_its_id_and_an_ad_hoc_run_has_none()
    {
        await using var user = await BasketUser.CreateAsync(app);
        var accounts = await user.AddFiveAccountsAsync(app);
        var draft = new BasketDraft
        {
            Name = "Morning longs",
            Legs = [new OrderTicket { Exchange = "NSE", TradingSymbol = "INFY", Quantity = 1, OrderType = Core.Brokers.OrderType.Limit, Price = 1400m }],
            Targets = [new BasketTarget { AccountId = accounts[0] }],
        };
        var saved = await user.Baskets.CreateAsync(draft);

        // The editor opened on it, a leg's price changed, confirmed without saving.
        var edited = draft with { SavedBasketId = saved.Id, Legs = [draft.Legs[0] with { Price = 1399.95m }] };
        var fromSaved = await user.Baskets.PlaceAsync(edited, (await user.Baskets.PreviewAsync(edited)).Fingerprint, idempotencyKey: null);
        var adHoc = await user.Baskets.PlaceAsync(draft, (await user.Baskets.PreviewAsync(draft)).Fingerprint, idempotencyKey: null);
        var runner = app.Services.GetRequiredService<IScheduleRunner>();
        await runner.ExecuteQueuedRunAsync(fromSaved.RunId);
        await runner.ExecuteQueuedRunAsync(adHoc.RunId);

        var linked = await user.Baskets.GetRunAsync(fromSaved.RunId);
        Assert.Equal(saved.Id, linked.BasketId);
        Assert.Equal("Morning longs", linked.ScheduleName);
        Assert.Null((await user.Baskets.GetRunAsync(adHoc.RunId)).BasketId);

        await using var other = await BasketUser.CreateAsync(app);
        await Assert.ThrowsAsync<BasketNotFoundException>(() => other.Baskets.PreviewAsync(draft with { Targets = [], SavedBasketId = saved.Id }));
    }
}
