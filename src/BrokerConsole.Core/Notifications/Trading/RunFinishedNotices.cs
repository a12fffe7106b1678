using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Notifications.Trading;

/// <summary>The notice a finished schedule or basket run gives its owner, with a link to the run's page.</summary>
public sealed class RunFinishedNotices(IDbContextFactory<BrokerConsoleDbContext> dbFactory, TradingNotifier notifier)
{
    public async Task<bool> NotifyAsync(ScheduleRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var accountIds = run.Items.Select(i => i.AccountId).Distinct().ToList();
        Dictionary<Guid, BrokerKind> existing;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            existing = await db.BrokerAccounts.AsNoTracking().Where(a => a.OwnerId == run.OwnerId && accountIds.Contains(a.Id))
                .ToDictionaryAsync(a => a.Id, a => a.Broker);
        }

        // A notification hangs off an account (as the morning reminder does): the run's first one that still exists.
        var first = run.Items.OrderBy(i => i.OrderIndex).FirstOrDefault(i => existing.ContainsKey(i.AccountId));
        return first is not null && await notifier.NotifyAsync(For(run, first.AccountId, existing[first.AccountId]));
    }

    public static TradingNotice For(ScheduleRun run, Guid accountId, BrokerKind broker)
    {
        ArgumentNullException.ThrowIfNull(run);
        var statuses = run.Items.Select(i => i.Status).ToList();
        var (_, tone) = TradingNoticeText.RunHeadline(statuses);
        var kind = run.Kind == RunKind.Basket ? NotificationKind.BasketRunFinished : NotificationKind.ScheduleRunFinished;
        return new TradingNotice(run.OwnerId, accountId, broker, kind, TradingNoticeText.RunFinished(run.Kind, run.ScheduleName, statuses),
            tone, TradingNoticeKeys.Run(run.Id), $"schedules/runs/{run.Id}");
    }
}
