using BrokerConsole.Core.Events;
using BrokerConsole.Core.Notifications;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Sessions.MorningLogin;

/// <summary>
/// Sends each user, on trading mornings, one in-app notification listing the accounts that are not ready
/// for the 09:15 IST open. The hosted loop only decides when to call <see cref="RunOnceAsync"/>; the
/// decision and the sending live here so tests drive them with any instant.
/// </summary>
public sealed partial class MorningReminder(
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    UserEventHub<SessionChange> notifier,
    IOptions<MorningReminderOptions> options,
    IMarketCalendar calendar,
    ILogger<MorningReminder> logger)
{
    /// <summary>Whether <paramref name="istDate"/> is a trading day of the shared market calendar (weekdays, minus the holidays file).</summary>
    public bool IsTradingDay(DateOnly istDate) => calendar.IsTradingDay(istDate);

    /// <summary>The first reminder instant strictly after <paramref name="now"/> (IST time on a trading day), whatever the server's zone.</summary>
    public DateTimeOffset NextDue(DateTimeOffset now)
    {
        var ist = IndianTime.ToIst(now);
        var day = DateOnly.FromDateTime(ist.Date);
        for (var i = 0; i < 370; i++, day = day.AddDays(1))
        {
            var due = new DateTimeOffset(day.ToDateTime(TimeOnly.FromTimeSpan(options.Value.Time)), IndianTime.Offset);
            if (due > now && IsTradingDay(day))
            {
                return due;
            }
        }

        throw new InvalidOperationException("The holiday calendar leaves no trading day within a year.");
    }

    /// <summary>
    /// Sends the reminder of <paramref name="now"/>'s IST morning if it is due: a trading day, at or after the
    /// reminder time and before the open, and not yet sent to that user today (checked in the database, so a
    /// restart never sends it twice). Returns how many users were reminded.
    /// </summary>
    public async Task<int> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var ist = IndianTime.ToIst(now);
        var today = DateOnly.FromDateTime(ist.Date);
        if (!options.Value.Enabled || !IsTradingDay(today) || ist.TimeOfDay < options.Value.Time || TimeOnly.FromTimeSpan(ist.TimeOfDay) >= MarketCalendar.OpenTime)
        {
            return 0;
        }

        var dayStart = new DateTimeOffset(ist.Date, IndianTime.Offset);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var accounts = await db.BrokerAccounts.AsNoTracking()
            .Select(a => new { a.Id, a.OwnerId, a.Broker, a.DisplayName, a.LoginPosition })
            .ToListAsync(cancellationToken);
        var sessions = await db.BrokerSessions.AsNoTracking().ToListAsync(cancellationToken);
        var latest = sessions.GroupBy(s => s.AccountId).ToDictionary(g => g.Key, g => g.MaxBy(s => s.LoginTime));
        // SQLite cannot compare DateTimeOffset in SQL: filter today's reminders in memory (a handful of rows).
        var alreadySent = (await db.Notifications.AsNoTracking()
                .Where(n => n.Kind == NotificationKind.MorningLoginReminder)
                .Select(n => new { n.OwnerId, n.CreatedAt })
                .ToListAsync(cancellationToken))
            .Where(n => n.CreatedAt >= dayStart)
            .Select(n => n.OwnerId)
            .ToHashSet(StringComparer.Ordinal);

        var reminded = new List<string>();
        foreach (var owner in accounts.GroupBy(a => a.OwnerId).Where(g => !alreadySent.Contains(g.Key)))
        {
            var waiting = owner
                .Where(a => MarketOpen.NeedsLogin(AccountSessionView.From(latest.GetValueOrDefault(a.Id), a.Id, now), now, calendar))
                .OrderBy(a => a.LoginPosition == 0 ? int.MaxValue : a.LoginPosition).ThenBy(a => a.Broker).ThenBy(a => a.DisplayName, StringComparer.OrdinalIgnoreCase)
                .ToList();
            if (waiting.Count == 0)
            {
                continue;
            }

            var names = string.Join(", ", waiting.Select(a => a.DisplayName));
            var message = $"{waiting.Count} of {owner.Count()} accounts need a login before the 09:15 IST open: {names}. Use 'Log in all' on the Accounts page.";
            db.Notifications.Add(new Notification
            {
                Id = Guid.NewGuid(),
                OwnerId = owner.Key,
                AccountId = waiting[0].Id, // a notification hangs off an account; the first one in the user's order
                Broker = waiting[0].Broker,
                Kind = NotificationKind.MorningLoginReminder,
                Message = message.Length <= 500 ? message : string.Concat(message.AsSpan(0, 497), "…"),
                CreatedAt = now,
            });
            reminded.Add(owner.Key);
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var ownerId in reminded)
        {
            await notifier.PublishAsync(ownerId, new SessionChange(Guid.Empty, SessionChangeKind.NotificationsChanged, ""));
        }

        LogSent(logger, reminded.Count);
        return reminded.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Morning login reminder sent to {UserCount} users")]
    private static partial void LogSent(ILogger logger, int userCount);
}
