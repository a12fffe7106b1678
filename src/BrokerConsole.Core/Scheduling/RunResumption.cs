using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Scheduling;

/// <summary>
/// Picks up a run that a restart (or a failure of its executor) cut off: records the interruption at run level, and
/// settles every item that may have left by its tag under the <see cref="ResendRule"/> before anything is sent again.
/// The seam between "what was already at the broker" and "what still needs sending" of the run executor.
/// </summary>
internal sealed partial class RunResumption(
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    RunItemWriter writer,
    TimeProvider time,
    ILogger<RunResumption> logger)
{
    /// <summary>An item that may be at the broker: sent, or being checked when the app stopped again.</summary>
    public static bool MayHaveLeft(ScheduleRunItem item) => item.Status is ScheduleRunItemStatus.Sending or ScheduleRunItemStatus.Checking;

    /// <summary>
    /// Records the interruption when <paramref name="run"/> had started before: it was cut off at its last recorded
    /// activity and resumes now; the gap is downtime, not part of the run's duration.
    /// </summary>
    public async Task MarkResumedAsync(ScheduleRun run, CancellationToken cancellationToken)
    {
        if (run.StartedAt is not { } started)
        {
            return;
        }

        var lastActivity = run.Items.SelectMany(i => new[] { i.StartedAt, i.CompletedAt }).Append(started).Append(run.ResumedAt).Max()!.Value;
        var now = time.GetUtcNow();
        var downtime = now > lastActivity ? now - lastActivity : TimeSpan.Zero;
        run.InterruptedAt = lastActivity;
        run.ResumedAt = now;
        run.Downtime += downtime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.ScheduleRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.InterruptedAt, run.InterruptedAt)
            .SetProperty(r => r.ResumedAt, run.ResumedAt)
            .SetProperty(r => r.Downtime, run.Downtime), cancellationToken);
        LogResumed(logger, run.Id, lastActivity, now);
    }

    /// <summary>
    /// Settles an item that may have left. True: settled (found, or left unknown) and recorded. False: it can no longer
    /// arrive and the book does not have it, so the caller sends it now (counted as re-sent).
    /// </summary>
    public async Task<bool> SettleAsync(IOrderService orders, ScheduleRun run, Guid accountId, ScheduleRunItem item, Action checkingShown, CancellationToken cancellationToken)
    {
        var sentAt = item.StartedAt ?? run.ResumedAt ?? time.GetUtcNow();
        var result = await orders.SettleInFlightAsync(accountId, item.Tag, sentAt, async verdict =>
        {
            var why = verdict.ReadError is { } error ? $"the order book could not be read ({error})" : $"tag {item.Tag} is not in the order book yet";
            var saved = await writer.TrySaveCheckingAsync(item,
                $"Unknown, checking: the run was interrupted after this order may have left, and {why}. It may still arrive until " +
                $"{IndianTime.Format(verdict.CannotArriveAfter)} IST; nothing is re-sent before then.");
            if (saved)
            {
                checkingShown();
            }
        }, cancellationToken);

        switch (result.Outcome)
        {
            case PlacementOutcome.Placed:
                LogReconciled(logger, item.Tag, result.OrderId!);
                var rejected = result.Order?.Status == Brokers.OrderStatus.Rejected;
                await writer.SaveOutcomeAsync(item, rejected ? ScheduleRunItemStatus.Rejected : ScheduleRunItemStatus.Placed, result.OrderId,
                    rejected
                        ? $"Rejected by the broker: {result.Order!.StatusMessage ?? "no reason given"} (found in the order book after a restart)."
                        : $"Placed: order {result.OrderId}, status {result.Order?.RawStatus} (found in the order book after a restart).");
                await writer.CountAfterRestartAsync(run.Id, found: true);
                return true;
            case PlacementOutcome.NotPlaced:
                LogResending(logger, item.Tag);
                await writer.CountAfterRestartAsync(run.Id, found: false);
                return false;
            default:
                await writer.SaveOutcomeAsync(item, ScheduleRunItemStatus.Failed, null, result.Message);
                return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} was interrupted at {InterruptedAt:O}; resumed at {ResumedAt:O}")]
    private static partial void LogResumed(ILogger logger, Guid runId, DateTimeOffset interruptedAt, DateTimeOffset resumedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tag {Tag} found in the order book after a restart: order {OrderId}")]
    private static partial void LogReconciled(ILogger logger, string tag, string orderId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tag {Tag} can no longer arrive and is not in the order book: sending it again")]
    private static partial void LogResending(ILogger logger, string tag);
}
