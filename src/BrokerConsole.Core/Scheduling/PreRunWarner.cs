using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Notifications;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Core.Scheduling;

/// <summary>Warns a schedule's owner ahead of a run about accounts that will have no live session at its time.</summary>
internal sealed class PreRunWarner(IServiceScopeFactory scopes, IDbContextFactory<BrokerConsoleDbContext> dbFactory)
{
    /// <summary>Tells the owner, once per account and due instant, that an account of an upcoming run needs a login.</summary>
    public async Task<int> WarnAsync(Schedule schedule, DateTimeOffset due, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        if (!schedule.AutoExecute)
        {
            return 0;
        }

        await using var scope = SchedulerScope.For(scopes, schedule.OwnerId);
        var sessions = scope.ServiceProvider.GetRequiredService<ISessionService>();
        var accounts = scope.ServiceProvider.GetRequiredService<IAccountService>();
        var views = await sessions.GetViewsAsync(cancellationToken);
        var owned = (await accounts.ListAsync(cancellationToken)).ToDictionary(a => a.Id);
        var warned = 0;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var accountId in await ScheduleAccounts.OfAsync(db, schedule, cancellationToken))
        {
            if (!owned.TryGetValue(accountId, out var account))
            {
                continue;
            }

            var view = views.GetValueOrDefault(accountId) ?? AccountSessionView.None(accountId);
            // Live now but ending before the run (a broker's clock rule) needs a login just as much.
            var ready = view.State == SessionState.Active && (view.ExpiresAt is null || view.ExpiresAt > due);
            if (ready)
            {
                continue;
            }

            var since = due - window - TimeSpan.FromMinutes(1);
            if (await db.Notifications.AnyAsync(n => n.OwnerId == schedule.OwnerId && n.AccountId == accountId
                && n.Kind == NotificationKind.ScheduleNeedsLogin && n.CreatedAt >= since, cancellationToken))
            {
                continue;
            }

            db.Notifications.Add(new Notification
            {
                Id = Guid.NewGuid(),
                OwnerId = schedule.OwnerId,
                AccountId = accountId,
                Broker = account.Broker,
                Kind = NotificationKind.ScheduleNeedsLogin,
                Message = $"Schedule '{schedule.Name}' runs at {IndianTime.Format(due)} IST, but '{account.DisplayName}' has no live session for it. " +
                    "Log in before then, or its orders will be skipped.",
                CreatedAt = now,
            });
            warned++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return warned;
    }
}
