using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Scheduling;

/// <summary>
/// Writes run items. Outcomes go through the <see cref="OrderOutcomeRecorder"/>: once an order may be at the broker,
/// a locked database delays the record (retried in the background) but never turns the outcome into an error.
/// </summary>
internal sealed class RunItemWriter(IDbContextFactory<BrokerConsoleDbContext> dbFactory, OrderOutcomeRecorder recorder, TimeProvider time)
{
    /// <summary>
    /// A final outcome; the in-memory item changes at once, the row as soon as the database takes it. With
    /// <paramref name="unlessClaimed"/> the row changes only while still Pending: an item refused before its claim must not
    /// overwrite what an executor that did claim it (another node sharing the database) records.
    /// </summary>
    public async Task SaveOutcomeAsync(ScheduleRunItem item, ScheduleRunItemStatus status, string? orderId, string message, bool unlessClaimed = false)
    {
        var now = time.GetUtcNow();
        var text = message.Length <= 500 ? message : message[..500];
        var startedAt = item.StartedAt ?? now;
        item.Status = status;
        await recorder.RecordAsync($"run item {item.Tag}",
        [
            async ct =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                var row = db.ScheduleRunItems.Where(i => i.Id == item.Id);
                if (unlessClaimed)
                {
                    row = row.Where(i => i.Status == ScheduleRunItemStatus.Pending);
                }

                await row.ExecuteUpdateAsync(u => u
                    .SetProperty(i => i.Status, status)
                    .SetProperty(i => i.BrokerOrderId, orderId)
                    .SetProperty(i => i.Message, text)
                    .SetProperty(i => i.StartedAt, startedAt)
                    .SetProperty(i => i.CompletedAt, now), ct);
            },
        ]);
    }

    /// <summary>Final outcomes of several items (one account's legs) in one transaction: one write, not one per item.</summary>
    public async Task SaveOutcomesAsync(IReadOnlyList<RunItemOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var now = time.GetUtcNow();
        var rows = outcomes.Select(o => (o.Item.Id, o.Status, o.OrderId, Text: o.Message.Length <= 500 ? o.Message : o.Message[..500], StartedAt: o.Item.StartedAt ?? now)).ToList();
        foreach (var outcome in outcomes)
        {
            outcome.Item.Status = outcome.Status;
        }

        await recorder.RecordAsync($"run items {string.Join(", ", outcomes.Select(o => o.Item.Tag))}",
        [
            async ct =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                foreach (var row in rows)
                {
                    await db.ScheduleRunItems.Where(i => i.Id == row.Id).ExecuteUpdateAsync(u => u
                        .SetProperty(i => i.Status, row.Status)
                        .SetProperty(i => i.BrokerOrderId, row.OrderId)
                        .SetProperty(i => i.Message, row.Text)
                        .SetProperty(i => i.StartedAt, row.StartedAt)
                        .SetProperty(i => i.CompletedAt, now), ct);
                }

                await transaction.CommitAsync(ct);
            },
        ]);
    }

    /// <summary>"Unknown, checking" is shown live; it is not an outcome, so a refused write is only a stale display, not retried later.</summary>
    public async Task<bool> TrySaveCheckingAsync(ScheduleRunItem item, string message)
    {
        item.Status = ScheduleRunItemStatus.Checking;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.ScheduleRunItems.Where(i => i.Id == item.Id && i.CompletedAt == null).ExecuteUpdateAsync(u => u
                .SetProperty(i => i.Status, ScheduleRunItemStatus.Checking)
                .SetProperty(i => i.Message, message.Length <= 500 ? message : message[..500]), CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or DbUpdateException)
        {
            return false;
        }
    }

    /// <summary>Every item is final: the run is Completed (now, or once the database takes it).</summary>
    public Task CompleteRunAsync(Guid runId)
    {
        var now = time.GetUtcNow();
        return recorder.RecordAsync($"run {runId} completion",
        [
            async ct =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                await db.ScheduleRuns.Where(r => r.Id == runId && r.Status == ScheduleRunStatus.Running).ExecuteUpdateAsync(u => u
                    .SetProperty(r => r.Status, ScheduleRunStatus.Completed)
                    .SetProperty(r => r.CompletedAt, now), ct);
            },
        ]);
    }

    /// <summary>Counts an in-flight item at run level after a restart: found in the book, or sent again once it could no longer arrive.</summary>
    public Task CountAfterRestartAsync(Guid runId, bool found) =>
        recorder.RecordAsync($"run {runId} restart count",
        [
            async ct =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                await (found
                    ? db.ScheduleRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(u => u.SetProperty(r => r.FoundAfterRestart, r => r.FoundAfterRestart + 1), ct)
                    : db.ScheduleRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(u => u.SetProperty(r => r.ResentAfterRestart, r => r.ResentAfterRestart + 1), ct));
            },
        ]);
}

/// <summary>A run item's final outcome, to be written with others of its account.</summary>
internal sealed record RunItemOutcome(ScheduleRunItem Item, ScheduleRunItemStatus Status, string? OrderId, string Message);
