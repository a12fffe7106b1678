using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Auditing;

public sealed class AuditTrail(IDbContextFactory<BrokerConsoleDbContext> dbFactory, ICurrentUser currentUser, TimeProvider time, RequestOrigin origin) : IAuditTrail
{
    /// <summary>The column's length. SQLite does not enforce it, so the trail does: a long account name cannot bloat the table.</summary>
    public const int SummaryMaxLength = 500;

    public async Task RecordAsync(string userId, AuditAction action, string summary, Guid? accountId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        // Own context: an audit line must not ride on (or be lost with) the caller's unit of work.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(NewEntry(userId, action, summary, accountId));
        await db.SaveChangesAsync(cancellationToken);
    }

    public AuditEntry NewEntry(string userId, AuditAction action, string summary, Guid? accountId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(summary);
        return new AuditEntry
        {
            UserId = userId,
            At = time.GetUtcNow(),
            Action = action,
            AccountId = accountId,
            Summary = summary.Length <= SummaryMaxLength ? summary : string.Concat(summary.AsSpan(0, SummaryMaxLength - 1), "…"),
            ClientIp = origin.ClientIp,
        };
    }

    public async Task<IReadOnlyList<AuditEntry>> RecentAsync(int take, CancellationToken cancellationToken = default)
    {
        var userId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.AsNoTracking()
            .Where(e => e.UserId == userId)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Take(Math.Clamp(take, 1, 500))
            .ToListAsync(cancellationToken);
    }
}
