using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Brokers.Zerodha;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Sessions;

internal sealed partial class SessionService(
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    ICurrentUser currentUser,
    ISecretProtector protector,
    IAuditTrail audit,
    UserEventHub<SessionChange> notifier,
    SessionLifecycle lifecycle,
    IKiteSessionExchanger kiteSessions,
    IEnumerable<IDirectBrokerLogin> directLogins,
    IEnumerable<IPopupBrokerLogin> popupLogins,
    IBrokerClientFactory clients,
    SessionRenewal renewal,
    IOptions<SessionOptions> options,
    TimeProvider time,
    ILogger<SessionService> logger) : ISessionService
{
    private const string InvalidStateMessage =
        "This login could not be matched to a login you started here (the link was forged, is from another browser, or the app restarted its records). Start again from the account card.";

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
        await FindAccountAsync(db, accountId, cancellationToken);
        var latest = await db.BrokerSessions.AsNoTracking().Where(s => s.AccountId == accountId)
            .OrderByDescending(s => s.LoginTime).FirstOrDefaultAsync(cancellationToken);
        return AccountSessionView.From(latest, accountId, time.GetUtcNow());
    }

    public async Task<IReadOnlyList<SessionHistoryEntry>> GetHistoryAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await FindAccountAsync(db, accountId, cancellationToken);
        return await db.BrokerSessions.AsNoTracking().Where(s => s.AccountId == accountId)
            .OrderByDescending(s => s.LoginTime).Take(50)
            .Select(s => new SessionHistoryEntry(s.Id, s.Status, s.LoginTime, s.ExpiresAt, s.EndedAt, s.EndReason, s.BrokerUserId))
            .ToListAsync(cancellationToken);
    }

    public async Task<Uri> BeginPopupLoginAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        (await StartPopupLoginAsync(accountId, cancellationToken)).LoginUri;

    public async Task<PopupLoginStart> StartPopupLoginAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await FindAccountAsync(db, accountId, cancellationToken);
        var popup = popupLogins.FirstOrDefault(l => l.Broker == account.Broker);
        if (account.Broker != BrokerKind.Zerodha && popup is null)
        {
            throw new LoginNotPossibleException($"{BrokerCatalog.For(account.Broker).Name} does not log in through a popup here.");
        }

        if (string.IsNullOrEmpty(account.ApiKey) || account.Secrets.All(s => s.Kind != SecretKind.ApiSecret))
        {
            throw new LoginNotPossibleException("This account needs its API key and API secret before it can log in. Use Edit to add them.");
        }

        var state = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        // Build the URL first: a configuration gap fails before any attempt is recorded.
        var loginUri = popup switch
        {
            null => kiteSessions.BuildLoginUri(account.Environment, account.ApiKey, new Dictionary<string, string> { ["state"] = state }),
            IConsentPopupLogin consent => await consent.CreateLoginUriAsync(account.Environment, account.ClientId, account.ApiKey,
                Reveal(account, SecretKind.ApiSecret)!, cancellationToken),
            _ => popup.BuildLoginUri(account.Environment, account.ApiKey, account.RedirectUrl
                ?? throw new LoginNotPossibleException("This account needs its redirect URL before it can log in. Use Edit to add it."), state),
        };
        var now = time.GetUtcNow();
        db.LoginAttempts.Add(new LoginAttempt
        {
            Id = Guid.NewGuid(),
            StateHash = Hash(state),
            OwnerId = ownerId,
            AccountId = account.Id,
            Broker = account.Broker,
            CreatedAt = now,
            ExpiresAt = now + options.Value.LoginAttemptLifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        return new PopupLoginStart(loginUri, state);
    }

    public Task<LoginResult> CompleteZerodhaLoginAsync(string? state, string? status, string? requestToken, CancellationToken cancellationToken = default) =>
        CompletePopupLoginAsync(BrokerKind.Zerodha, state, string.Equals(status, "success", StringComparison.Ordinal), requestToken,
            (account, secret, code, ct) => kiteSessions.ExchangeRequestTokenAsync(account.Environment, account.ApiKey!, secret, code, ct),
            ex => KiteLoginRefusal.Describe(ex.BrokerMessage),
            cancellationToken);

    public Task<LoginResult> CompleteFyersLoginAsync(string? state, string? s, string? authCode, CancellationToken cancellationToken = default) =>
        CompletePopupLoginAsync(BrokerKind.Fyers, state, string.Equals(s, "ok", StringComparison.Ordinal), authCode,
            (account, secret, code, ct) => popupLogins.First(l => l.Broker == BrokerKind.Fyers).ExchangeAsync(account.Environment, account.ApiKey!, secret, code, ct),
            _ => "Fyers refused the login code: check the app secret with Edit (it must belong to this app id), then log in again.",
            cancellationToken);

    public Task<LoginResult> CompleteDhanLoginAsync(string? state, string? tokenId, CancellationToken cancellationToken = default) =>
        CompletePopupLoginAsync(BrokerKind.Dhan, state, !string.IsNullOrEmpty(tokenId), tokenId,
            (account, secret, code, ct) => popupLogins.First(l => l.Broker == BrokerKind.Dhan).ExchangeAsync(account.Environment, account.ApiKey!, secret, code, ct),
            _ => "Dhan refused the consent: check the API key and secret with Edit (the secret must belong to this key), then log in again.",
            cancellationToken);

    /// <summary>
    /// The broker-independent half of a popup login: the single-use state, its owner and lifetime, the broker's
    /// own success flag, the exchange, and the check that the broker user is this account's user.
    /// </summary>
    private async Task<LoginResult> CompletePopupLoginAsync(BrokerKind broker, string? state, bool succeeded, string? code,
        Func<BrokerAccount, string, string, CancellationToken, Task<SessionGrant>> exchange, Func<BrokerApiException, string> refusedMessage, CancellationToken cancellationToken)
    {
        var brokerName = BrokerCatalog.For(broker).Name;
        var ownerId = currentUser.RequireUserId();
        if (string.IsNullOrEmpty(state) || state.Length > 128)
        {
            return new LoginResult(LoginOutcomeKind.InvalidState, null, InvalidStateMessage);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stateHash = Hash(state);
        var attempt = await db.LoginAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.StateHash == stateHash, cancellationToken);
        if (attempt is null || attempt.OwnerId != ownerId || attempt.Broker != broker)
        {
            LogInvalidState(logger, attempt is null ? "unknown" : "other user");
            return new LoginResult(LoginOutcomeKind.InvalidState, null, InvalidStateMessage);
        }

        var now = time.GetUtcNow();
        // Consume first and atomically: a replayed callback (or two racing) finds nothing left to consume.
        var consumed = await db.LoginAttempts
            .Where(a => a.Id == attempt.Id && a.ConsumedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.ConsumedAt, now), cancellationToken);
        if (consumed == 0)
        {
            return new LoginResult(LoginOutcomeKind.InvalidState, attempt.AccountId,
                "This login was already used once (a replayed or refreshed callback). The account is unchanged; start again from its card if needed.");
        }

        if (attempt.ExpiresAt <= now)
        {
            return await FinishAsync(db, attempt, LoginOutcomeKind.InvalidState,
                $"This login took longer than {options.Value.LoginAttemptLifetime.TotalMinutes:0} minutes and was refused. The account is unchanged; start again.", cancellationToken);
        }

        if (!succeeded || string.IsNullOrEmpty(code))
        {
            return await FinishAsync(db, attempt, LoginOutcomeKind.Cancelled,
                $"The {brokerName} login was cancelled or did not finish. The account is unchanged.", cancellationToken);
        }

        var account = await db.BrokerAccounts.Include(a => a.Secrets).SingleOrDefaultAsync(a => a.Id == attempt.AccountId && a.OwnerId == ownerId, cancellationToken);
        if (account is null)
        {
            return new LoginResult(LoginOutcomeKind.InvalidState, null, "The account was deleted while you were logging in.");
        }

        SessionGrant grant;
        try
        {
            var secret = account.Secrets.Single(s => s.Kind == SecretKind.ApiSecret);
            grant = await exchange(account, protector.Unprotect(account.Id, SecretKind.ApiSecret, secret.Ciphertext), code, cancellationToken);
        }
        catch (BrokerApiException ex)
        {
            // Kite refuses a bad checksum as TokenException; Fyers refuses a bad code or hash with -437/-371.
            var message = ex is SessionExpiredException || (broker is BrokerKind.Fyers or BrokerKind.Dhan && ex is BrokerRejectedException)
                ? refusedMessage(ex)
                : $"The session could not be created: {ex.Message}";
            return await FinishAsync(db, attempt, LoginOutcomeKind.ExchangeFailed, message, cancellationToken);
        }

        // A trader with several accounts can easily log in as the wrong user in the popup; a session
        // of another user must never be stored under this account.
        if (!string.Equals(grant.UserId, account.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            await TryInvalidateAsync(account, grant.AccessToken, cancellationToken);
            return await FinishAsync(db, attempt, LoginOutcomeKind.ExchangeFailed,
                $"You logged in to {brokerName} as {grant.UserId}, but this account is {account.ClientId}. Nothing was saved; log in again with {account.ClientId}.", cancellationToken);
        }

        if (NewSessionExpiry.For(grant, now) is not { } expiresAt)
        {
            await TryInvalidateAsync(account, grant.AccessToken, cancellationToken);
            return await FinishAsync(db, attempt, LoginOutcomeKind.ExchangeFailed, NewSessionExpiry.AlreadyExpiredMessage(grant, now), cancellationToken);
        }

        var session = await StoreSessionAsync(db, account, grant, now, expiresAt, cancellationToken);
        await FinishAsync(db, attempt, LoginOutcomeKind.Connected, "", cancellationToken);
        var connected = $"Connected as {grant.UserName ?? grant.UserId}. The session lasts until {Time.IndianTime.Format(session.ExpiresAt)} IST.";
        await notifier.PublishAsync(ownerId, new SessionChange(account.Id, SessionChangeKind.Connected, connected));
        return new LoginResult(LoginOutcomeKind.Connected, account.Id, connected);
    }

    public async Task<LoginResult> ConnectDirectAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await FindAccountAsync(db, accountId, cancellationToken);
        var brokerName = BrokerCatalog.For(account.Broker).Name;
        var login = directLogins.FirstOrDefault(l => l.Broker == account.Broker)
            ?? throw new LoginNotPossibleException($"{brokerName} does not log in from the server here; use its login popup.");

        var dhanMode = DhanLoginModes.Of(account.Secrets.Select(s => s.Kind).ToHashSet(), account.ApiKey);
        if (account.Broker == BrokerKind.Dhan && dhanMode == DhanLoginMode.ApiKeyConsent)
        {
            throw new LoginNotPossibleException("This Dhan account logs in with its API key on Dhan's consent page; use Connect on its card, which opens it in a popup.");
        }

        var credentials = new DirectLoginCredentials(account.Environment, account.ClientId, account.ApiKey)
        {
            Mpin = Reveal(account, SecretKind.Mpin),
            TotpSecret = Reveal(account, SecretKind.TotpSecret),
            AccessToken = Reveal(account, SecretKind.AccessToken),
        };

        SessionGrant grant;
        try
        {
            grant = await login.LogInAsync(credentials, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            return await DirectFailureAsync(ownerId, account, LoginOutcomeKind.ExchangeFailed, $"{ex.Message} Use Edit to add it.", cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            // Sandbox root not configured.
            return await DirectFailureAsync(ownerId, account, LoginOutcomeKind.ExchangeFailed, ex.Message, cancellationToken);
        }
        catch (BrokerApiException ex) when (IsTotpRefusal(account.Broker, ex))
        {
            // The broker checked the code server-side and said exactly that: the stored secret or this server's clock is off.
            return await DirectFailureAsync(ownerId, account, LoginOutcomeKind.ExchangeFailed,
                $"TOTP rejected by {brokerName}: check the stored TOTP secret (Edit) and this server's clock (codes change every 30 s).", cancellationToken);
        }
        catch (BrokerApiException ex)
        {
            var hint = account.Broker == BrokerKind.Dhan
                ? dhanMode == DhanLoginMode.PinTotp
                    ? "check the client id, 6-digit PIN and TOTP secret with Edit (and that this server's clock is right)."
                    : "the access token is invalid or expired; generate a new one on web.dhan.co and paste it with Edit."
                : "check the client code, MPIN and TOTP secret with Edit (and that this server's clock is right).";
            var message = ex is BrokerRejectedException or SessionExpiredException
                ? $"{brokerName} refused the login: {hint} {ex.BrokerMessage}".TrimEnd()
                : $"The session could not be created: {ex.Message}";
            return await DirectFailureAsync(ownerId, account, LoginOutcomeKind.ExchangeFailed, message, cancellationToken);
        }

        if (!string.Equals(grant.UserId, account.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            await TryInvalidateAsync(account, grant.AccessToken, cancellationToken);
            return await DirectFailureAsync(ownerId, account, LoginOutcomeKind.ExchangeFailed,
                $"{brokerName} answered as {grant.UserId}, but this account is {account.ClientId}. Nothing was saved.", cancellationToken);
        }

        var storedAt = time.GetUtcNow();
        if (NewSessionExpiry.For(grant, storedAt) is not { } expiresAt)
        {
            await TryInvalidateAsync(account, grant.AccessToken, cancellationToken);
            return await DirectFailureAsync(ownerId, account, LoginOutcomeKind.ExchangeFailed, NewSessionExpiry.AlreadyExpiredMessage(grant, storedAt), cancellationToken);
        }

        var session = await StoreSessionAsync(db, account, grant, storedAt, expiresAt, cancellationToken);
        var connected = $"Connected as {grant.UserName ?? grant.UserId}. The session lasts until {Time.IndianTime.Format(session.ExpiresAt)} IST.";
        await notifier.PublishAsync(ownerId, new SessionChange(account.Id, SessionChangeKind.Connected, connected));
        return new LoginResult(LoginOutcomeKind.Connected, account.Id, connected);
    }

    /// <summary>
    /// A login refused for its TOTP alone, by the broker's own code: Angel One's <c>AB1050</c> "Invalid totp"
    /// (reference, Angel One error codes). Other brokers' direct logins carry no such code here.
    /// </summary>
    private static bool IsTotpRefusal(BrokerKind broker, BrokerApiException ex) =>
        broker == BrokerKind.AngelOne && string.Equals(ex.ErrorCode, "AB1050", StringComparison.OrdinalIgnoreCase);

    public async Task<ConnectionTestResult> TestConnectionAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var profile = await CallBrokerAsync(accountId, (client, ct) => client.GetProfileAsync(ct), cancellationToken);
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                if (ProfileMismatch.Describe(profile, (await FindAccountAsync(db, accountId, cancellationToken)).ClientId) is { } mismatch)
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
            return new ConnectionTestResult(false, ex.Message, null, stopwatch.Elapsed, (await GetViewAsync(accountId, cancellationToken)).State);
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

    public async Task<string> DisconnectAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await FindAccountAsync(db, accountId, cancellationToken);
        var session = await db.BrokerSessions.SingleOrDefaultAsync(s => s.AccountId == accountId && s.Status == SessionStatus.Active, cancellationToken)
            ?? throw new NoActiveSessionException(accountId);

        var brokerOutcome = await TryInvalidateAsync(account, protector.Unprotect(account.Id, SecretKind.SessionToken, session.AccessTokenCiphertext!), cancellationToken);
        End(session, SessionStatus.LoggedOut, "Disconnected by you.");
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(ownerId, AuditAction.SessionDisconnected, $"Disconnected '{account.DisplayName}' ({brokerOutcome})", account.Id, cancellationToken);
        await notifier.PublishAsync(ownerId, new SessionChange(account.Id, SessionChangeKind.Disconnected, $"Disconnected: {brokerOutcome}"));
        return brokerOutcome;
    }

    public async Task<string> RevealAccessTokenAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await FindAccountAsync(db, accountId, cancellationToken);
        var session = await ActiveSessionAsync(db, account, cancellationToken);
        var token = protector.Unprotect(account.Id, SecretKind.SessionToken, session.AccessTokenCiphertext!);
        await audit.RecordAsync(ownerId, AuditAction.SecretRevealed, $"Revealed the session access token of '{account.DisplayName}'", account.Id, cancellationToken);
        return token;
    }

    public async Task<bool> IsSessionReadableAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await FindAccountAsync(db, accountId, cancellationToken);
        var ciphertext = await db.BrokerSessions.AsNoTracking()
            .Where(s => s.AccountId == account.Id && s.Status == SessionStatus.Active)
            .Select(s => s.AccessTokenCiphertext).SingleOrDefaultAsync(cancellationToken);
        try
        {
            _ = ciphertext is null ? null : DecryptToken(account.Id, ciphertext);
            return true;
        }
        catch (SessionUnreadableException)
        {
            return false;
        }
    }

    private string DecryptToken(Guid accountId, string ciphertext)
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

    public async Task<T> CallBrokerAsync<T>(Guid accountId, Func<IBrokerClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        BrokerConnection connection;
        SessionRef sessionRef;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var account = await FindAccountAsync(db, accountId, cancellationToken);
            var session = await ActiveSessionAsync(db, account, cancellationToken);
            sessionRef = new SessionRef(session.Id, account.OwnerId, account.Id, account.Broker);
            connection = new BrokerConnection(account.Broker, account.Environment, account.ApiKey ?? "", DecryptToken(account.Id, session.AccessTokenCiphertext!))
            {
                ClientId = account.ClientId,
            };
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
            await lifecycle.MarkExpiredAsync(sessionRef, ExpiredByBrokerReason(ex), cancellationToken);
            throw;
        }
    }

    /// <summary>The words stored and shown when the broker rejected a session's token.</summary>
    internal static string ExpiredByBrokerReason(SessionExpiredException ex) =>
        $"The broker ended the session ({ex.ErrorCode ?? "expired"}). Log in again.";

    /// <summary>The words stored and shown when a session passed its broker's clock rule.</summary>
    /// <summary>Why a session ended by the broker's clock rule; names the moment, since brokers' rules differ.</summary>
    internal static string ClockExpiredReason(DateTimeOffset expiresAt) =>
        $"The session reached its expiry at {Time.IndianTime.Format(expiresAt)} IST. Log in again.";

    private async Task<BrokerSession> StoreSessionAsync(BrokerConsoleDbContext db, BrokerAccount account, SessionGrant grant, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
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
        await db.Notifications.Where(n => n.AccountId == account.Id && n.DismissedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.DismissedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await audit.RecordAsync(account.OwnerId, AuditAction.SessionConnected,
            $"Connected '{account.DisplayName}' as {grant.UserId}; expires {Time.IndianTime.Format(session.ExpiresAt)} IST", account.Id, cancellationToken);
        return session;
    }

    private async Task<LoginResult> FinishAsync(BrokerConsoleDbContext db, LoginAttempt attempt, LoginOutcomeKind outcome, string message, CancellationToken cancellationToken)
    {
        await db.LoginAttempts.Where(a => a.Id == attempt.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Outcome, outcome), cancellationToken);
        if (outcome != LoginOutcomeKind.Connected)
        {
            await audit.RecordAsync(attempt.OwnerId, AuditAction.SessionConnectFailed, $"Login did not connect: {outcome}", attempt.AccountId, cancellationToken);
            await notifier.PublishAsync(attempt.OwnerId, new SessionChange(attempt.AccountId,
                outcome == LoginOutcomeKind.Cancelled ? SessionChangeKind.LoginCancelled : SessionChangeKind.LoginFailed, message));
        }

        return new LoginResult(outcome, attempt.AccountId, message);
    }

    private async Task RecordCheckAsync(Guid accountId, SessionHealth health, string? error, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await FindAccountAsync(db, accountId, cancellationToken);
        var session = await db.BrokerSessions.AsNoTracking()
            .SingleOrDefaultAsync(s => s.AccountId == accountId && s.Status == SessionStatus.Active, cancellationToken);
        if (session is not null)
        {
            await lifecycle.RecordCheckAsync(new SessionRef(session.Id, account.OwnerId, account.Id, account.Broker), health, error, cancellationToken);
        }
    }

    private async Task<string> TryInvalidateAsync(BrokerAccount account, string accessToken, CancellationToken cancellationToken)
    {
        var name = BrokerCatalog.For(account.Broker).Name;
        try
        {
            if (account.Broker == BrokerKind.Zerodha)
            {
                await kiteSessions.InvalidateAsync(account.Environment, account.ApiKey!, accessToken, cancellationToken);
            }
            else
            {
                var connection = new BrokerConnection(account.Broker, account.Environment, account.ApiKey ?? "", accessToken) { ClientId = account.ClientId };
                await clients.Create(connection).LogoutAsync(cancellationToken);
            }

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

    private string? Reveal(BrokerAccount account, SecretKind kind) =>
        account.Secrets.FirstOrDefault(s => s.Kind == kind) is { } secret ? protector.Unprotect(account.Id, kind, secret.Ciphertext) : null;

    private async Task<LoginResult> DirectFailureAsync(string ownerId, BrokerAccount account, LoginOutcomeKind outcome, string message, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(ownerId, AuditAction.SessionConnectFailed, $"Login did not connect: {outcome}", account.Id, cancellationToken);
        await notifier.PublishAsync(ownerId, new SessionChange(account.Id, SessionChangeKind.LoginFailed, message));
        return new LoginResult(outcome, account.Id, message);
    }

    private void End(BrokerSession session, SessionStatus status, string reason)
    {
        session.Status = status;
        session.EndedAt = time.GetUtcNow();
        session.EndReason = reason;
        session.AccessTokenCiphertext = null; // an ended session keeps its history, not its token
        session.RefreshTokenCiphertext = null;
    }

    private async Task<BrokerAccount> FindAccountAsync(BrokerConsoleDbContext db, Guid accountId, CancellationToken cancellationToken)
    {
        var ownerId = currentUser.RequireUserId();
        return await db.BrokerAccounts.AsNoTracking().Include(a => a.Secrets)
            .SingleOrDefaultAsync(a => a.Id == accountId && a.OwnerId == ownerId, cancellationToken)
            ?? throw new AccountNotFoundException(accountId);
    }

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
            await lifecycle.MarkExpiredAsync(new SessionRef(session.Id, account.OwnerId, account.Id, account.Broker), ClockExpiredReason(session.ExpiresAt), cancellationToken);
            throw new NoActiveSessionException(account.Id);
        }

        return session;
    }

    private static string Hash(string state) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "A login callback carried a state that matched no login of this user ({Reason})")]
    private static partial void LogInvalidState(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not invalidate the token of account {AccountId} at the broker: {Failure}")]
    private static partial void LogInvalidateFailed(ILogger logger, Guid accountId, string failure);
}
