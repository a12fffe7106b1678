using BrokerConsole.Core.Events;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Sessions;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Notifications;

internal sealed class NotificationService(
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    ICurrentUser currentUser,
    UserEventHub<SessionChange> notifier,
    TimeProvider time) : INotificationService
{
    public async Task<IReadOnlyList<NotificationView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from n in db.Notifications.AsNoTracking()
                          join a in db.BrokerAccounts.AsNoTracking() on n.AccountId equals a.Id
                          where n.OwnerId == ownerId && n.DismissedAt == null
                          select new NotificationView(n.Id, n.AccountId, a.DisplayName, n.Broker, n.Kind, n.Message, n.CreatedAt, n.ReadAt != null, n.Link, n.Tone))
            .ToListAsync(cancellationToken);
        // Sorted here: DateTimeOffset ordering is translated through the ticks converter, but keeping the
        // query simple costs nothing for a handful of rows.
        return [.. rows.OrderByDescending(n => n.CreatedAt)];
    }

    public async Task<int> UnreadCountAsync(CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.CountAsync(n => n.OwnerId == ownerId && n.DismissedAt == null && n.ReadAt == null, cancellationToken);
    }

    public async Task MarkAllReadAsync(CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var marked = await db.Notifications.Where(n => n.OwnerId == ownerId && n.ReadAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.ReadAt, now), cancellationToken);
        if (marked > 0)
        {
            await notifier.PublishAsync(ownerId, new SessionChange(Guid.Empty, SessionChangeKind.NotificationsChanged, ""));
        }
    }

    public async Task DismissAsync(Guid notificationId, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // The owner is part of the filter: another user's id updates nothing and reads as not found.
        var dismissed = await db.Notifications.Where(n => n.Id == notificationId && n.OwnerId == ownerId && n.DismissedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.DismissedAt, now), cancellationToken);
        if (dismissed == 0)
        {
            throw new NotificationNotFoundException(notificationId);
        }

        await notifier.PublishAsync(ownerId, new SessionChange(Guid.Empty, SessionChangeKind.NotificationsChanged, ""));
    }

    public async Task<int> DismissAllAsync(CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dismissed = await db.Notifications.Where(n => n.OwnerId == ownerId && n.DismissedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.DismissedAt, now), cancellationToken);
        if (dismissed > 0)
        {
            await notifier.PublishAsync(ownerId, new SessionChange(Guid.Empty, SessionChangeKind.NotificationsChanged, ""));
        }

        return dismissed;
    }
}
