using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Notifications;
using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Sessions;

/// <summary>The session a lifecycle step acts on; known to the caller, so no user context is needed.</summary>
/// <param name="SessionId">The session row.</param>
/// <param name="OwnerId">Its owner: whose tabs and notifications are told.</param>
/// <param name="AccountId">The account.</param>
/// <param name="Broker">The account's broker (decides whether a one-click reconnect is offered).</param>
internal sealed record SessionRef(Guid SessionId, string OwnerId, Guid AccountId, BrokerKind Broker);

/// <summary>
/// The one implementation of "this session expired" and "this check had this result", shared by
/// <see cref="SessionService"/> (acting for the signed-in user) and the health monitor (acting for
/// every user). It takes the owner from the session row, never from the current user.
/// </summary>
internal sealed partial class SessionLifecycle(
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    UserEventHub<SessionChange> notifier,
    TimeProvider time,
    ILogger<SessionLifecycle> logger)
{
    /// <summary>
    /// Ends an active session as expired, clears its token, stores one "expired — reconnect"
    /// notification and tells the owner's tabs. Idempotent: false when it was no longer active.
    /// </summary>
    public async Task<bool> MarkExpiredAsync(SessionRef session, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // One conditional UPDATE: of two racing callers (a sweep and a user's call) exactly one wins,
        // so the notification below is stored once.
        var ended = await db.BrokerSessions
            .Where(s => s.Id == session.SessionId && s.Status == SessionStatus.Active)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, SessionStatus.Expired)
                .SetProperty(s => s.EndedAt, now)
                .SetProperty(s => s.EndReason, reason)
                .SetProperty(s => s.AccessTokenCiphertext, (string?)null)
                .SetProperty(s => s.RefreshTokenCiphertext, (string?)null), cancellationToken);
        if (ended == 0)
        {
            return false;
        }

        db.Notifications.Add(new Notification
        {
            Id = Guid.NewGuid(),
            OwnerId = session.OwnerId,
            AccountId = session.AccountId,
            SessionId = session.SessionId,
            Broker = session.Broker,
            Kind = NotificationKind.SessionExpired,
            Message = reason, // the list shows the account's name beside it
            CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        LogSessionExpired(logger, session.AccountId);
        await notifier.PublishAsync(session.OwnerId, new SessionChange(session.AccountId, SessionChangeKind.Expired, reason));
        return true;
    }

    /// <summary>
    /// Stores a check's result on the session if it is still active; tells the owner's tabs only when
    /// the health or the error changed (a steady healthy session is not news every five minutes).
    /// </summary>
    /// <returns>Whether the health or error changed.</returns>
    public async Task<bool> RecordCheckAsync(SessionRef session, SessionHealth health, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.BrokerSessions.SingleOrDefaultAsync(s => s.Id == session.SessionId && s.Status == SessionStatus.Active, cancellationToken);
        if (row is null)
        {
            return false;
        }

        var changed = row.Health != health || !string.Equals(row.LastError, error, StringComparison.Ordinal);
        row.Health = health;
        row.LastError = error;
        row.LastCheckedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        if (changed)
        {
            var message = health switch
            {
                SessionHealth.Healthy => "The broker answered again: the session is healthy.",
                _ => error ?? "The last check failed.",
            };
            await notifier.PublishAsync(session.OwnerId, new SessionChange(session.AccountId, SessionChangeKind.HealthChanged, message));
        }

        return changed;
    }

    /// <summary>Stores the "refresh soon" notification of a session once, and tells the owner's tabs.</summary>
    /// <returns>Whether a new notification was stored.</returns>
    public async Task<bool> WarnExpiringAsync(SessionRef session, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Notifications.AnyAsync(n => n.SessionId == session.SessionId && n.Kind == NotificationKind.SessionExpiringSoon, cancellationToken))
        {
            return false;
        }

        var left = expiresAt > now ? expiresAt - now : TimeSpan.Zero;
        var message = $"The session ends at {Time.IndianTime.Format(expiresAt)} IST ({FormatLeft(left)} left). Log in again before then.";
        db.Notifications.Add(new Notification
        {
            Id = Guid.NewGuid(),
            OwnerId = session.OwnerId,
            AccountId = session.AccountId,
            SessionId = session.SessionId,
            Broker = session.Broker,
            Kind = NotificationKind.SessionExpiringSoon,
            Message = message,
            CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await notifier.PublishAsync(session.OwnerId, new SessionChange(session.AccountId, SessionChangeKind.ExpiringSoon, message));
        return true;
    }

    private static string FormatLeft(TimeSpan left) =>
        left.TotalHours >= 1 ? $"{(int)left.TotalHours}h {left.Minutes:00}m" : $"{Math.Max(1, (int)Math.Ceiling(left.TotalMinutes))} min";

    [LoggerMessage(Level = LogLevel.Information, Message = "Session of account {AccountId} marked expired")]
    private static partial void LogSessionExpired(ILogger logger, Guid accountId);
}
