using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Sessions;

/// <summary>The signed-in user's sessions as the pages show them; reads the database only.</summary>
internal sealed class SessionQueries(
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    ICurrentUser currentUser,
    SessionStore store,
    TimeProvider time) : ISessionQueries
{
    public async Task<IReadOnlyDictionary<Guid, AccountSessionView>> GetViewsAsync(CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var accountIds = await db.BrokerAccounts.AsNoTracking().Where(a => a.OwnerId == ownerId).Select(a => a.Id).ToListAsync(cancellationToken);
        var sessions = await db.BrokerSessions.AsNoTracking().Where(s => s.OwnerId == ownerId).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var latest = sessions.GroupBy(s => s.AccountId).ToDictionary(g => g.Key, g => g.MaxBy(s => s.LoginTime));
        return accountIds.ToDictionary(id => id, id => AccountSessionView.From(latest.GetValueOrDefault(id), id, now));
    }

    public async Task<AccountSessionView> GetViewAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await store.FindAccountAsync(db, accountId, cancellationToken);
        var latest = await db.BrokerSessions.AsNoTracking().Where(s => s.AccountId == accountId)
            .OrderByDescending(s => s.LoginTime).FirstOrDefaultAsync(cancellationToken);
        return AccountSessionView.From(latest, accountId, time.GetUtcNow());
    }

    public async Task<IReadOnlyList<SessionHistoryEntry>> GetHistoryAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await store.FindAccountAsync(db, accountId, cancellationToken);
        return await db.BrokerSessions.AsNoTracking().Where(s => s.AccountId == accountId)
            .OrderByDescending(s => s.LoginTime).Take(50)
            .Select(s => new SessionHistoryEntry(s.Id, s.Status, s.LoginTime, s.ExpiresAt, s.EndedAt, s.EndReason, s.BrokerUserId))
            .ToListAsync(cancellationToken);
    }

    public async Task<bool> IsSessionReadableAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await store.FindAccountAsync(db, accountId, cancellationToken);
        var ciphertext = await db.BrokerSessions.AsNoTracking()
            .Where(s => s.AccountId == account.Id && s.Status == SessionStatus.Active)
            .Select(s => s.AccessTokenCiphertext).SingleOrDefaultAsync(cancellationToken);
        try
        {
            _ = ciphertext is null ? null : store.DecryptToken(account.Id, ciphertext);
            return true;
        }
        catch (SessionUnreadableException)
        {
            return false;
        }
    }
}
