using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Notifications;
using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Sessions;

/// <summary>
/// What the login, query and gateway services share about stored sessions: the current user's account, its token
/// decrypted, a new session stored (ending the previous one), a session ended, a token handed back to its broker.
/// </summary>
internal sealed partial class SessionStore(
    ICurrentUser currentUser,
    ISecretProtector protector,
    IAuditTrail audit,
    IBrokerModules brokers,
    IBrokerClientFactory clients,
    TimeProvider time,
    ILogger<SessionStore> logger)
{
    /// <summary>The account with its secrets, when it is the current user's.</summary>
    /// <exception cref="AccountNotFoundException">Not found, or not the current user's.</exception>
    public async Task<BrokerAccount> FindAccountAsync(BrokerConsoleDbContext db, Guid accountId, CancellationToken cancellationToken)
    {
        var ownerId = currentUser.RequireUserId();
        return await db.BrokerAccounts.AsNoTracking().Include(a => a.Secrets)
            .SingleOrDefaultAsync(a => a.Id == accountId && a.OwnerId == ownerId, cancellationToken)
            ?? throw new AccountNotFoundException(accountId);
    }

    /// <exception cref="SessionUnreadableException">The key ring cannot decrypt the token.</exception>
    public string DecryptToken(Guid accountId, string ciphertext)
    {
        try
        {
            return protector.Unprotect(accountId, SecretKind.SessionToken, ciphertext);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new SessionUnreadableException(accountId, ex);
        }
    }

    /// <summary>A stored secret of the account, decrypted, or null when it has none of that kind.</summary>
    public string? Reveal(BrokerAccount account, SecretKind kind) =>
        account.Secrets.FirstOrDefault(s => s.Kind == kind) is { } secret ? protector.Unprotect(account.Id, kind, secret.Ciphertext) : null;

    /// <summary>Stores a new live session for the account, ending (as "Replaced") any session it had.</summary>
    public async Task<BrokerSession> StoreSessionAsync(BrokerConsoleDbContext db, BrokerAccount account, SessionGrant grant, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        // This server's clock orders the account's sessions and times their expiry; the broker's login_time is another clock.
        var loginTime = now;
        var session = new BrokerSession
        {
            Id = Guid.NewGuid(),
            AccountId = account.Id,
            OwnerId = account.OwnerId,
            Broker = account.Broker,
            Status = SessionStatus.Active,
            AccessTokenCiphertext = protector.Protect(account.Id, SecretKind.SessionToken, grant.AccessToken),
            RefreshTokenCiphertext = grant.RefreshToken is null ? null : protector.Protect(account.Id, SecretKind.SessionRefreshToken, grant.RefreshToken),
            BrokerUserId = grant.UserId,
            UserName = grant.UserName,
            UserShortName = grant.ShortName,
            Email = grant.Email,
            UserType = grant.UserType,
            BrokerName = grant.Broker,
            LoginTime = loginTime,
            ExpiresAt = expiresAt,
            LastCheckedAt = now,
            Health = SessionHealth.Healthy,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var previous in await db.BrokerSessions.Where(s => s.AccountId == account.Id && s.Status == SessionStatus.Active).ToListAsync(cancellationToken))
        {
            End(previous, SessionStatus.Replaced, "Replaced by a newer login.");
        }

        // Ending the old row first keeps the one-active-per-account index satisfied at every statement.
        await db.SaveChangesAsync(cancellationToken);
        db.BrokerSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        // A fresh login answers this account's "refresh soon" and "reconnect" prompts: they would only mislead now.
        // Trading notices (a rejection, a fill, a run's result) stay: a login does not answer them.
        await db.Notifications.Where(n => n.AccountId == account.Id && n.DismissedAt == null
                && n.Kind != NotificationKind.OrderRejected && n.Kind != NotificationKind.OrderFilled
                && n.Kind != NotificationKind.ScheduleRunFinished && n.Kind != NotificationKind.BasketRunFinished)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.DismissedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await audit.RecordAsync(account.OwnerId, AuditAction.SessionConnected,
            $"Connected '{account.DisplayName}' as {grant.UserId}; expires {Time.IndianTime.Format(session.ExpiresAt)} IST", account.Id, cancellationToken);
        return session;
    }

    /// <summary>Ends a tracked session row; an ended session keeps its history, not its tokens.</summary>
    public void End(BrokerSession session, SessionStatus status, string reason)
    {
        session.Status = status;
        session.EndedAt = time.GetUtcNow();
        session.EndReason = reason;
        session.AccessTokenCiphertext = null;
        session.RefreshTokenCiphertext = null;
    }

    /// <summary>Tells the broker to end <paramref name="accessToken"/>, best effort; returns what happened, in words.</summary>
    public async Task<string> TryInvalidateAsync(BrokerAccount account, string accessToken, CancellationToken cancellationToken)
    {
        var module = brokers.For(account.Broker);
        var name = module.Descriptor.Name;
        if (!module.Has(BrokerCapabilities.Logout))
        {
            return $"{name} has no logout endpoint; the token was discarded here and dies at its expiry anyway";
        }

        try
        {
            await clients.Create(BrokerConnection.ForAccount(account, accessToken)).LogoutAsync(cancellationToken);
            return $"the token was invalidated at {name}";
        }
        catch (SessionExpiredException)
        {
            return $"{name} had already ended the token";
        }
        catch (Exception ex) when (ex is BrokerApiException or NotSupportedException or InvalidOperationException)
        {
            LogInvalidateFailed(logger, account.Id, ex.GetType().Name);
            return $"{name} could not be told ({ex.Message}); the token was discarded here and dies at its expiry anyway";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not invalidate the token of account {AccountId} at the broker: {Failure}")]
    private static partial void LogInvalidateFailed(ILogger logger, Guid accountId, string failure);
}
