using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Notifications.Trading;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Core.Scheduling;

/// <summary>
/// Records what one account's legs of a run got from the broker, together: one read of the account's order book gives
/// every acknowledged order its status (a rejection by the broker's RMS shows there), instead of one order-history read
/// per order, and the outcomes are one write instead of one per item.
/// </summary>
internal static class SentLegs
{
    public static async Task RecordAsync(RunItemWriter writer, IServiceProvider services, Guid accountId,
        List<(ScheduleRunItem Item, PlacementResult Result)> sent, Action itemDone)
    {
        if (sent.Count == 0)
        {
            return;
        }

        var book = sent.Any(s => s.Result is { Outcome: PlacementOutcome.Placed, Order: null })
            ? await TryReadBookAsync(services.GetRequiredService<ISessionService>(), accountId)
            : null;
        var outcomes = new List<RunItemOutcome>(sent.Count);
        foreach (var (item, acknowledged) in sent)
        {
            var result = book is null ? acknowledged : PlacementMessages.WithBookStatus(acknowledged, book);
            if (!ReferenceEquals(result, acknowledged) && services.GetRequiredService<IOrderService>() is NotifyingOrderService notices)
            {
                // The rejection or fill notice a single order gets from its history read, from the book read here.
                await notices.NoticeLaterAsync(item.Order.ToTicket(accountId), result);
            }

            outcomes.Add(new RunItemOutcome(item, StatusOf(result), result.OrderId, result.Message));
        }

        await writer.SaveOutcomesAsync(outcomes);
        sent.ForEach(_ => itemDone());
    }

    public static ScheduleRunItemStatus StatusOf(PlacementResult result) => result.Outcome switch
    {
        PlacementOutcome.Placed when result.Order?.Status == OrderStatus.Rejected => ScheduleRunItemStatus.Rejected,
        PlacementOutcome.Placed => ScheduleRunItemStatus.Placed,
        // Our own refusal (a local cap, the session gone mid-run) is not the broker's rejection: the
        // order never left, and the run page must not blame the broker for it.
        PlacementOutcome.NotPlaced when result.NotSent => ScheduleRunItemStatus.Failed,
        PlacementOutcome.NotPlaced => ScheduleRunItemStatus.Rejected,
        _ => ScheduleRunItemStatus.Failed,
    };

    /// <summary>The account's book now, or null when it cannot be read: the acknowledgements stand as they are (the status is a nicety).</summary>
    private static async Task<IReadOnlyList<BrokerOrder>?> TryReadBookAsync(ISessionService sessions, Guid accountId)
    {
        try
        {
            return await sessions.CallBrokerAsync(accountId, (client, ct) => client.GetOrdersAsync(ct), CancellationToken.None);
        }
        catch (Exception ex) when (ex is BrokerApiException or NoActiveSessionException or Accounts.AccountNotFoundException)
        {
            return null;
        }
    }
}
