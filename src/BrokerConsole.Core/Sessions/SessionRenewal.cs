using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Sessions;

/// <summary>
/// Extends live sessions with their stored refresh token (Angel One's generateTokens) once less than
/// <see cref="SessionOptions.RenewBefore"/> is left, so a broker call, Test Connection or a monitor sweep near the end of
/// a session renews it instead of letting it expire into a new MPIN + TOTP login. Acts on session rows, never on the
/// current user, so the monitor can use it for everyone. A failed renewal leaves the session as it was (it still works
/// until its expiry); a refused refresh token is dropped so it is not tried again.
/// </summary>
internal sealed partial class SessionRenewal(
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    IEnumerable<IBrokerSessionRenewer> renewers,
    IBrokerModules brokers,
    IBrokerClientFactory clients,
    ISecretProtector protector,
    IAuditTrail audit,
    UserEventHub<SessionChange> notifier,
    IOptions<SessionOptions> options,
    TimeProvider time,
    ILogger<SessionRenewal> logger)
{
    /// <summary>Whether the session is inside its renewal window and has what a renewal needs.</summary>
    public bool IsDue(BrokerSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = time.GetUtcNow();
        return session.Status == SessionStatus.Active && session.RefreshTokenCiphertext is not null && session.AccessTokenCiphertext is not null
            && session.ExpiresAt > now && session.ExpiresAt - now <= options.Value.RenewBefore
            && renewers.Any(r => r.Broker == session.Broker);
    }

    /// <summary>Renews every due session of every user; returns how many were renewed.</summary>
    public async Task<int> RenewDueAsync(CancellationToken cancellationToken)
    {
        var horizon = time.GetUtcNow() + options.Value.RenewBefore;
        List<BrokerSession> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // SQLite cannot compare DateTimeOffset in SQL; the candidate set (active rows with a refresh token) is small.
            due = (await db.BrokerSessions.AsNoTracking()
                .Where(s => s.Status == SessionStatus.Active && s.RefreshTokenCiphertext != null)
                .ToListAsync(cancellationToken)).Where(s => s.ExpiresAt <= horizon && IsDue(s)).ToList();
        }

        var renewed = 0;
        foreach (var session in due)
        {
            if (await TryRenewAsync(session, cancellationToken) is not null)
            {
                renewed++;
            }
        }

        return renewed;
    }

    /// <summary>Renews <paramref name="session"/> if it is due; returns the updated row, or null when nothing changed.</summary>
    public async Task<BrokerSession?> TryRenewAsync(BrokerSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!IsDue(session))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await db.BrokerAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == session.AccountId, cancellationToken);
        if (account is null)
        {
            return null;
        }

        var renewer = renewers.First(r => r.Broker == session.Broker);
        var connection = BrokerConnection.ForAccount(account, protector.Unprotect(account.Id, SecretKind.SessionToken, session.AccessTokenCiphertext!));

        SessionGrant grant;
        try
        {
            grant = await renewer.RenewAsync(connection, protector.Unprotect(account.Id, SecretKind.SessionRefreshToken, session.RefreshTokenCiphertext!), cancellationToken);
        }
        catch (SessionExpiredException ex)
        {
            // The refresh token is dead: keep the session (its JWT still works until expiry) but stop trying.
            LogRenewRefused(logger, session.AccountId, ex.ErrorCode ?? "expired");
            await db.BrokerSessions.Where(s => s.Id == session.Id && s.RefreshTokenCiphertext == session.RefreshTokenCiphertext)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.RefreshTokenCiphertext, (string?)null), cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is BrokerApiException or InvalidOperationException)
        {
            LogRenewFailed(logger, session.AccountId, ex.GetType().Name);
            return null;
        }

        var expiresAt = grant.ExpiresAt ?? brokers.For(session.Broker).SessionExpiresAt(grant.LoginTime ?? time.GetUtcNow());
        var access = protector.Protect(account.Id, SecretKind.SessionToken, grant.AccessToken);
        var refresh = grant.RefreshToken is null ? null : protector.Protect(account.Id, SecretKind.SessionRefreshToken, grant.RefreshToken);
        var now = time.GetUtcNow();
        // Conditional on the token this renewal started from: of two racing renewals only one is stored.
        var updated = await db.BrokerSessions
            .Where(s => s.Id == session.Id && s.Status == SessionStatus.Active && s.AccessTokenCiphertext == session.AccessTokenCiphertext)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.AccessTokenCiphertext, access)
                .SetProperty(s => s.RefreshTokenCiphertext, refresh)
                .SetProperty(s => s.ExpiresAt, expiresAt)
                .SetProperty(s => s.Renewals, s => s.Renewals + 1)
                .SetProperty(s => s.LastCheckedAt, now)
                .SetProperty(s => s.Health, SessionHealth.Healthy)
                .SetProperty(s => s.LastError, (string?)null), cancellationToken);
        if (updated == 0)
        {
            // Another caller renewed (or ended) it first; the token just issued is not stored, so end it at the broker.
            await TryLogoutAsync(account.Broker, connection with { AccessToken = grant.AccessToken }, cancellationToken);
            return await db.BrokerSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == session.Id && s.Status == SessionStatus.Active, cancellationToken);
        }

        // The "log in again soon" prompt of the old expiry is answered.
        await db.Notifications.Where(n => n.SessionId == session.Id && n.Kind == Notifications.NotificationKind.SessionExpiringSoon && n.DismissedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.DismissedAt, now), cancellationToken);
        var message = $"Renewed with the refresh token; the session now lasts until {Time.IndianTime.Format(expiresAt)} IST.";
        await audit.RecordAsync(session.OwnerId, AuditAction.SessionRenewed, message, session.AccountId, cancellationToken);
        await notifier.PublishAsync(session.OwnerId, new SessionChange(session.AccountId, SessionChangeKind.HealthChanged, message));
        LogRenewed(logger, session.AccountId);
        return await db.BrokerSessions.AsNoTracking().SingleAsync(s => s.Id == session.Id, cancellationToken);
    }

    private async Task TryLogoutAsync(Accounts.BrokerKind broker, BrokerConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await clients.Create(connection).LogoutAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is BrokerApiException or NotSupportedException or InvalidOperationException)
        {
            LogRenewFailed(logger, Guid.Empty, $"{broker} logout of a duplicate renewal: {ex.GetType().Name}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session of account {AccountId} renewed with its refresh token")]
    private static partial void LogRenewed(ILogger logger, Guid accountId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker refused the refresh token of account {AccountId} ({Code}); the session runs until its expiry")]
    private static partial void LogRenewRefused(ILogger logger, Guid accountId, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the session of account {AccountId} failed: {Failure}")]
    private static partial void LogRenewFailed(ILogger logger, Guid accountId, string failure);
}
