using System.Diagnostics;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Sessions;

/// <summary>
/// Every broker call of the signed-in user goes through here: the live session is found, renewed near its end, ended
/// when the broker's clock or the broker says so, and the client is built from it the one way
/// (<see cref="BrokerConnection.ForAccount(BrokerAccount, string)"/>).
/// </summary>
internal sealed class BrokerGateway(
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    SessionStore store,
    SessionLifecycle lifecycle,
    SessionRenewal renewal,
    IBrokerClientFactory clients,
    IAuditTrail audit,
    ISessionQueries queries,
    TimeProvider time) : IBrokerGateway
{
    public async Task<T> CallBrokerAsync<T>(Guid accountId, Func<IBrokerClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        BrokerConnection connection;
        SessionRef sessionRef;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var account = await store.FindAccountAsync(db, accountId, cancellationToken);
            var session = await ActiveSessionAsync(db, account, cancellationToken);
            sessionRef = new SessionRef(session.Id, account.OwnerId, account.Id, account.Broker);
            connection = BrokerConnection.ForAccount(account, store.DecryptToken(account.Id, session.AccessTokenCiphertext!));
        }

        IBrokerClient client;
        try
        {
            client = clients.Create(connection);
        }
        catch (InvalidOperationException ex)
        {
            // A configuration gap (e.g. no sandbox API root outside Development) reads to the user as
            // "the broker cannot be reached, because …", never as a crash.
            throw new BrokerUnavailableException(connection.Broker, UnavailableCause.Unreachable, null, null, ex.Message, ex);
        }

        try
        {
            return await call(client, cancellationToken);
        }
        catch (SessionExpiredException ex)
        {
            // Any operation that meets an expiry error ends the session the same way the monitor does.
            await lifecycle.MarkExpiredAsync(sessionRef, SessionEndReasons.ExpiredByBroker(ex), cancellationToken);
            throw;
        }
    }

    public async Task<ConnectionTestResult> TestConnectionAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var profile = await CallBrokerAsync(accountId, (client, ct) => client.GetProfileAsync(ct), cancellationToken);
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                if (ProfileMismatch.Describe(profile, (await store.FindAccountAsync(db, accountId, cancellationToken)).ClientId) is { } mismatch)
                {
                    await RecordCheckAsync(accountId, SessionHealth.Error, mismatch, cancellationToken);
                    return new ConnectionTestResult(false, mismatch, profile, stopwatch.Elapsed, SessionState.Error);
                }
            }

            await RecordCheckAsync(accountId, SessionHealth.Healthy, null, cancellationToken);
            return new ConnectionTestResult(true, $"Connected: the broker answered as {profile.UserName} ({profile.UserId}).", profile, stopwatch.Elapsed, SessionState.Active);
        }
        catch (NoActiveSessionException ex)
        {
            return new ConnectionTestResult(false, ex.Message, null, stopwatch.Elapsed, (await queries.GetViewAsync(accountId, cancellationToken)).State);
        }
        catch (SessionExpiredException)
        {
            return new ConnectionTestResult(false, "The broker says this session has expired or was ended elsewhere. Use 'Log in again' on the Accounts page.", null, stopwatch.Elapsed, SessionState.Expired);
        }
        catch (BrokerApiException ex)
        {
            var health = ex is BrokerUnavailableException or RateLimitedException ? SessionHealth.ConnectionIssue : SessionHealth.Error;
            var advice = ex switch
            {
                BrokerUnavailableException => " The session itself may be fine; try again shortly.",
                RateLimitedException => "",
                PermissionDeniedException => " Logging in again will not help: check the app's permissions with the broker.",
                _ => "",
            };
            await RecordCheckAsync(accountId, health, ex.Message, cancellationToken);
            return new ConnectionTestResult(false, ex.Message + advice, null, stopwatch.Elapsed,
                health == SessionHealth.Error ? SessionState.Error : SessionState.Active);
        }
    }

    public async Task<string> RevealAccessTokenAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await store.FindAccountAsync(db, accountId, cancellationToken);
        var session = await ActiveSessionAsync(db, account, cancellationToken);
        var token = store.DecryptToken(account.Id, session.AccessTokenCiphertext!);
        await audit.RecordAsync(account.OwnerId, AuditAction.SecretRevealed, $"Revealed the session access token of '{account.DisplayName}'", account.Id, cancellationToken);
        return token;
    }

    /// <summary>The account's live session, renewed if due; a session past its broker's clock rule is ended here.</summary>
    /// <exception cref="NoActiveSessionException">No live session (or it just expired by the clock).</exception>
    private async Task<BrokerSession> ActiveSessionAsync(BrokerConsoleDbContext db, BrokerAccount account, CancellationToken cancellationToken)
    {
        var session = await db.BrokerSessions.AsNoTracking()
            .SingleOrDefaultAsync(s => s.AccountId == account.Id && s.Status == SessionStatus.Active, cancellationToken);
        if (session is null || session.AccessTokenCiphertext is null)
        {
            throw new NoActiveSessionException(account.Id);
        }

        // Near its end, a session with a refresh token is renewed rather than left to expire (Angel One).
        if (renewal.IsDue(session))
        {
            session = await renewal.TryRenewAsync(session, cancellationToken) ?? session;
        }

        if (session.ExpiresAt <= time.GetUtcNow())
        {
            // Past the broker's clock rule: no call needed to know it is dead.
            await lifecycle.MarkExpiredAsync(new SessionRef(session.Id, account.OwnerId, account.Id, account.Broker), SessionEndReasons.ClockExpired(session.ExpiresAt), cancellationToken);
            throw new NoActiveSessionException(account.Id);
        }

        return session;
    }

    private async Task RecordCheckAsync(Guid accountId, SessionHealth health, string? error, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await store.FindAccountAsync(db, accountId, cancellationToken);
        var session = await db.BrokerSessions.AsNoTracking()
            .SingleOrDefaultAsync(s => s.AccountId == accountId && s.Status == SessionStatus.Active, cancellationToken);
        if (session is not null)
        {
            await lifecycle.RecordCheckAsync(new SessionRef(session.Id, account.OwnerId, account.Id, account.Broker), health, error, cancellationToken);
        }
    }
}

/// <summary>The words stored and shown when a session ends without the user ending it.</summary>
internal static class SessionEndReasons
{
    /// <summary>The broker rejected the session's token.</summary>
    public static string ExpiredByBroker(SessionExpiredException ex) =>
        $"The broker ended the session ({ex.ErrorCode ?? "expired"}). Log in again.";

    /// <summary>Why a session ended by the broker's clock rule; names the moment, since brokers' rules differ.</summary>
    public static string ClockExpired(DateTimeOffset expiresAt) =>
        $"The session reached its expiry at {Time.IndianTime.Format(expiresAt)} IST. Log in again.";
}
