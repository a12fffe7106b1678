using System.Data.Common;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Logging;
using BrokerConsole.Core.Notifications.Telegram;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Persistence.Providers;
using BrokerConsole.Core.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Notifications.Trading;

/// <summary>
/// Stores a trading notice once per owner and event (the database's unique (owner, key) index is the last word, so two
/// sightings racing each other still give one row), tells the owner's tabs so the bell updates at once, and queues a
/// Telegram copy when the owner chose that kind. It never throws: a notice must not break the order path that raised it.
/// </summary>
public sealed partial class TradingNotifier(
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    UserEventHub<SessionChange> hub,
    TelegramChannelStore telegram,
    TelegramOutbox outbox,
    TimeProvider time,
    ILogger<TradingNotifier> logger)
{
    /// <summary>True when this call stored the notice; false for a repeat of the same event (or a storage failure, logged).</summary>
    public async Task<bool> NotifyAsync(TradingNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        // Not the caller's token: an order already sent is told about even if the page that sent it went away.
        var cancellationToken = CancellationToken.None;
        bool toTelegram;
        try
        {
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                if (await db.Notifications.AnyAsync(n => n.OwnerId == notice.OwnerId && n.DedupeKey == notice.DedupeKey, cancellationToken))
                {
                    return false;
                }

                db.Notifications.Add(new Notification
                {
                    Id = Guid.NewGuid(),
                    OwnerId = notice.OwnerId,
                    AccountId = notice.AccountId,
                    Broker = notice.Broker,
                    Kind = notice.Kind,
                    Message = notice.Message,
                    Tone = notice.Tone,
                    Link = notice.Link,
                    DedupeKey = notice.DedupeKey,
                    CreatedAt = time.GetUtcNow(),
                });
                await db.SaveChangesAsync(cancellationToken);
            }

            toTelegram = await telegram.WantsAsync(notice.OwnerId, notice.Kind, cancellationToken);
        }
        catch (DbUpdateException ex) when (StorageErrors.IsUniqueViolation(ex))
        {
            // Another sighting of the same event stored it a moment ago (the unique (owner, key) index refused ours).
            return false;
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException)
        {
            LogNotStored(logger, ex, notice.Kind.ToString(), LogText.Escape(notice.DedupeKey));
            return false;
        }

        // Posted, not awaited: a slow tab must not hold up the order path that raised the notice.
        hub.Post(notice.OwnerId, new SessionChange(notice.AccountId, SessionChangeKind.NotificationsChanged, ""));
        if (toTelegram && !outbox.Offer(new TelegramMessage(notice.OwnerId, notice.Kind, TelegramOutbox.Compose(notice.Kind, notice.Message))))
        {
            LogQueueFull(logger, notice.Kind.ToString());
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Kind} notification ({Key}) could not be stored")]
    private static partial void LogNotStored(ILogger logger, Exception exception, string kind, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Telegram queue is full: a {Kind} message was dropped (the in-app notification stands)")]
    private static partial void LogQueueFull(ILogger logger, string kind);
}
