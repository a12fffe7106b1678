using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Portfolio;
using BrokerConsole.Core.Sessions;

namespace BrokerConsole.Core.Exits;

/// <summary>
/// Sends closing orders through the one order path (<see cref="IOrderService.PlaceAsync(OrderTicket, string, CancellationToken)"/>:
/// intent saved with the tag before sending, a lost answer reconciled by tag, audited). Before sending, each account's
/// positions are read again and a leg whose position moved since it was planned is reported, not sent: a preview
/// confirmed a minute later must not close (or reverse) a position that already changed.
/// </summary>
public sealed class ExitLegRunner(ISessionService sessions, IOrderService orders, InstrumentCatalog instruments)
{
    /// <summary>
    /// Runs the legs, accounts in parallel (bounded like every fan-out), one account's legs one after the other. Each tag
    /// from <paramref name="tagFor"/> must be new to the order book (a tag derived from a plan that can be taken once).
    /// <paramref name="justRead"/> are positions the caller read a moment ago (the kill switch, right after its cancels):
    /// they are checked against instead of reading again, which would spend a broker's per-second read limit twice.
    /// </summary>
    public async Task<IReadOnlyList<ExitLegResult>> RunAsync(IReadOnlyList<ExitLeg> legs, Func<ExitLeg, string> tagFor, AccountPositions? justRead,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(legs);
        ArgumentNullException.ThrowIfNull(tagFor);
        var index = await instruments.GetAsync(cancellationToken);
        var results = new ExitLegResult?[legs.Count];
        var positions = legs.Select((leg, i) => (leg, i)).GroupBy(p => p.leg.AccountId).ToList();
        await Parallel.ForEachAsync(positions,
            new ParallelOptions { MaxDegreeOfParallelism = AccountFanOut.MaxParallelAccounts, CancellationToken = cancellationToken },
            async (account, ct) =>
            {
                foreach (var (leg, i, result) in await RunAccountAsync([.. account], index, tagFor, justRead?.AccountId == account.Key ? justRead : null, ct))
                {
                    results[i] = result;
                }
            });

        return [.. results.Select(r => r!)];
    }

    private async Task<List<(ExitLeg, int, ExitLegResult)>> RunAccountAsync(List<(ExitLeg Leg, int Index)> legs, InstrumentIndex index, Func<ExitLeg, string> tagFor,
        AccountPositions? justRead, CancellationToken cancellationToken)
    {
        var done = new List<(ExitLeg, int, ExitLegResult)>();
        var first = legs[0].Leg;
        var current = justRead;
        string? readFailure = null;
        if (current is null && legs.Any(l => l.Leg.Sendable))
        {
            try
            {
                var read = await sessions.CallBrokerAsync(first.AccountId, (client, ct) => client.GetPositionsAsync(ct), cancellationToken);
                current = new AccountPositions(first.AccountId, first.AccountName, first.Broker, read.Net);
            }
            catch (Exception ex) when (ex is BrokerApiException or NoActiveSessionException)
            {
                readFailure = ex is NoActiveSessionException ? "Not sent: no live session." : $"Not sent: the positions could not be read again to check them ({ex.Message}).";
            }
        }

        foreach (var (leg, i) in legs)
        {
            done.Add((leg, i, await RunLegAsync(leg, current, readFailure, index, tagFor, cancellationToken)));
        }

        return done;
    }

    private async Task<ExitLegResult> RunLegAsync(ExitLeg leg, AccountPositions? current, string? readFailure, InstrumentIndex index, Func<ExitLeg, string> tagFor,
        CancellationToken cancellationToken)
    {
        if (!leg.Sendable)
        {
            return new ExitLegResult(leg, ExitOutcome.Skipped, "Not sent: " + leg.Problem, null, null);
        }

        if (current is null)
        {
            return new ExitLegResult(leg, ExitOutcome.Skipped, readFailure ?? "Not sent.", null, null);
        }

        var now = ExitPlanner.CurrentNet(leg, current, index);
        if (now != leg.NetQuantity)
        {
            var message = now == 0
                ? $"Not sent: the position is already closed (it was {leg.NetQuantity} at the preview)."
                : $"Not sent: the position changed since the preview (it was {leg.NetQuantity}, the broker now says {now}). Preview the exit again.";
            return new ExitLegResult(leg, ExitOutcome.Skipped, message, null, null);
        }

        var tag = tagFor(leg);
        try
        {
            var placed = await orders.PlaceAsync(leg.Ticket, tag, cancellationToken);
            return placed switch
            {
                { Outcome: PlacementOutcome.Placed, Order.Status: OrderStatus.Rejected } =>
                    new(leg, ExitOutcome.Rejected, $"Rejected by the broker: {placed.Order.StatusMessage ?? "no reason given"}", tag, placed.OrderId),
                { Outcome: PlacementOutcome.Placed } => new(leg, ExitOutcome.Done, placed.Message, tag, placed.OrderId),
                { Outcome: PlacementOutcome.NotPlaced, NotSent: true } => new(leg, ExitOutcome.Skipped, placed.Message, tag, null),
                { Outcome: PlacementOutcome.NotPlaced } => new(leg, ExitOutcome.Rejected, placed.Message, tag, null),
                _ => new(leg, ExitOutcome.Unknown, placed.Message, tag, null),
            };
        }
        catch (OrderValidationException invalid)
        {
            return new ExitLegResult(leg, ExitOutcome.Skipped, "Not sent: " + string.Join(" ", invalid.Errors.Select(e => e.Message)), null, null);
        }
    }
}
