using System.Data.Common;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Notifications.Trading;

/// <summary>The notice a finished schedule or basket run gives its owner, with a link to the run's page.</summary>
public sealed partial class RunFinishedNotices(IDbContextFactory<BrokerConsoleDbContext> dbFactory, TradingNotifier notifier, ILogger<RunFinishedNotices> logger)
{
    /// <summary>Never throws: the run is complete whatever happens to its notice.</summary>
    public async Task<bool> NotifyAsync(ScheduleRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var accountIds = run.Items.Select(i => i.AccountId).Distinct().ToList();
        Dictionary<Guid, BrokerKind> existing;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            existing = await db.BrokerAccounts.AsNoTracking().Where(a => a.OwnerId == run.OwnerId && accountIds.Contains(a.Id))
                .ToDictionaryAsync(a => a.Id, a => a.Broker);
        }
        catch (DbException ex)
        {
            LogNotRead(logger, ex, run.Id);
            return false;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} finished; its notification was not stored (the accounts could not be read)")]
    private static partial void LogNotRead(ILogger logger, Exception exception, Guid runId);
}
