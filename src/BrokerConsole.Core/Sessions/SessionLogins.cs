using System.Security.Cryptography;
using System.Text;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Sessions;

/// <summary>
/// How a session starts and ends, for every broker the same way: a popup login behind a single-use state (the broker's
/// <see cref="IPopupBrokerLogin"/> builds its page and exchanges its code), a server-side login with stored credentials
/// (its <see cref="IDirectBrokerLogin"/>), and a disconnect. What differs per broker comes from its <see cref="IBrokerModule"/>.
/// </summary>
internal sealed partial class SessionLogins(
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    ICurrentUser currentUser,
    SessionStore store,
    IAuditTrail audit,
    UserEventHub<SessionChange> notifier,
    IBrokerModules brokers,
    IEnumerable<IDirectBrokerLogin> directLogins,
    IEnumerable<IPopupBrokerLogin> popupLogins,
    IOptions<SessionOptions> options,
    TimeProvider time,
    ILogger<SessionLogins> logger) : ISessionLogins
{
    private const string InvalidStateMessage =
        "This login could not be matched to a login you started here (the link was forged, is from another browser, or the app restarted its records). Start again from the account card.";

    public async Task<Uri> BeginPopupLoginAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        (await StartPopupLoginAsync(accountId, cancellationToken)).LoginUri;

    public async Task<PopupLoginStart> StartPopupLoginAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await store.FindAccountAsync(db, accountId, cancellationToken);
        var popup = popupLogins.FirstOrDefault(l => l.Broker == account.Broker)
            ?? throw new LoginNotPossibleException($"{brokers.For(account.Broker).Descriptor.Name} does not log in through a popup here.");

        if (string.IsNullOrEmpty(account.ApiKey) || account.Secrets.All(s => s.Kind != SecretKind.ApiSecret))
        {
            throw new LoginNotPossibleException("This account needs its API key and API secret before it can log in. Use Edit to add them.");
        }

        var state = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        // Build the URL first: a configuration gap fails before any attempt is recorded.
        Uri loginUri;
        try
        {
            loginUri = popup is IConsentPopupLogin consent
                ? await consent.CreateLoginUriAsync(account.Environment, account.ClientId, account.ApiKey, store.Reveal(account, SecretKind.ApiSecret)!, cancellationToken)
                : popup.BuildLoginUri(account.Environment, account.ApiKey, account.RedirectUrl ?? "", state);
        }
        catch (ArgumentException ex) when (ex.ParamName == "redirectUrl")
        {
            throw new LoginNotPossibleException("This account needs its redirect URL before it can log in. Use Edit to add it.");
        }

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

    /// <summary>
    /// The one end of every popup login: the single-use state, its owner and lifetime, the broker's own success flag,
    /// the exchange, and the check that the broker user is this account's user.
    /// </summary>
    public async Task<LoginResult> CompletePopupLoginAsync(BrokerKind broker, PopupCallback callback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var module = brokers.For(broker);
        var popup = popupLogins.FirstOrDefault(l => l.Broker == broker);
        var ownerId = currentUser.RequireUserId();
        var state = callback.State;
        if (popup is null || string.IsNullOrEmpty(state) || state.Length > 128)
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

        var brokerName = module.Descriptor.Name;
        if (!callback.Succeeded || string.IsNullOrEmpty(callback.Code))
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
            grant = await popup.ExchangeAsync(account.Environment, account.ApiKey!, store.Reveal(account, SecretKind.ApiSecret)!, callback.Code, cancellationToken);
        }
        catch (BrokerApiException ex)
        {
            var message = module.RefusalAdvice.IsPopupRefusal(ex) ? module.RefusalAdvice.PopupRefusal(ex) : $"The session could not be created: {ex.Message}";
            return await FinishAsync(db, attempt, LoginOutcomeKind.ExchangeFailed, message, cancellationToken);
        }

        // A trader with several accounts can easily log in as the wrong user in the popup; a session
        // of another user must never be stored under this account.
        if (!string.Equals(grant.UserId, account.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            await store.TryInvalidateAsync(account, grant.AccessToken, cancellationToken);
            return await FinishAsync(db, attempt, LoginOutcomeKind.ExchangeFailed,
                $"You logged in to {brokerName} as {grant.UserId}, but this account is {account.ClientId}. Nothing was saved; log in again with {account.ClientId}.", cancellationToken);
        }

        if (NewSessionExpiry.For(grant, now, module) is not { } expiresAt)
        {
            await store.TryInvalidateAsync(account, grant.AccessToken, cancellationToken);
            return await FinishAsync(db, attempt, LoginOutcomeKind.ExchangeFailed, NewSessionExpiry.AlreadyExpiredMessage(grant, now), cancellationToken);
        }

        var session = await store.StoreSessionAsync(db, account, grant, now, expiresAt, cancellationToken);
        await FinishAsync(db, attempt, LoginOutcomeKind.Connected, "", cancellationToken);
        return await ConnectedAsync(account, grant, session);
    }

    public async Task<LoginResult> ConnectDirectAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await store.FindAccountAsync(db, accountId, cancellationToken);
        var module = brokers.For(account.Broker);
        var brokerName = module.Descriptor.Name;
        var login = directLogins.FirstOrDefault(l => l.Broker == account.Broker)
            ?? throw new LoginNotPossibleException($"{brokerName} does not log in from the server here; use its login popup.");

        var stored = account.Secrets.Select(s => s.Kind).ToHashSet();
        if (module.LoginStyleFor(stored, account.ApiKey) != BrokerLoginStyle.DirectCredentials)
        {
            throw new LoginNotPossibleException($"This {brokerName} account logs in with its API key on {brokerName}'s consent page; use Connect on its card, which opens it in a popup.");
        }

        var credentials = new DirectLoginCredentials(account.Environment, account.ClientId, account.ApiKey)
        {
            Mpin = store.Reveal(account, SecretKind.Mpin),
            TotpSecret = store.Reveal(account, SecretKind.TotpSecret),
            AccessToken = store.Reveal(account, SecretKind.AccessToken),
        };

        SessionGrant grant;
        try
        {
            grant = await login.LogInAsync(credentials, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            return await DirectFailureAsync(ownerId, account, $"{ex.Message} Use Edit to add it.", cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            // Sandbox root not configured.
            return await DirectFailureAsync(ownerId, account, ex.Message, cancellationToken);
        }
        catch (BrokerApiException ex) when (module.RefusalAdvice.IsTotpRefusal(ex))
        {
            // The broker checked the code server-side and said exactly that: the stored secret or this server's clock is off.
            return await DirectFailureAsync(ownerId, account,
                $"TOTP rejected by {brokerName}: check the stored TOTP secret (Edit) and this server's clock (codes change every 30 s).", cancellationToken);
        }
        catch (BrokerApiException ex)
        {
            var message = ex is BrokerRejectedException or SessionExpiredException
                ? $"{brokerName} refused the login: {module.DirectRefusalHint(stored, account.ApiKey)} {ex.BrokerMessage}".TrimEnd()
                : $"The session could not be created: {ex.Message}";
            return await DirectFailureAsync(ownerId, account, message, cancellationToken);
        }

        if (!string.Equals(grant.UserId, account.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            await store.TryInvalidateAsync(account, grant.AccessToken, cancellationToken);
            return await DirectFailureAsync(ownerId, account,
                $"{brokerName} answered as {grant.UserId}, but this account is {account.ClientId}. Nothing was saved.", cancellationToken);
        }

        var storedAt = time.GetUtcNow();
        if (NewSessionExpiry.For(grant, storedAt, module) is not { } expiresAt)
        {
            await store.TryInvalidateAsync(account, grant.AccessToken, cancellationToken);
            return await DirectFailureAsync(ownerId, account, NewSessionExpiry.AlreadyExpiredMessage(grant, storedAt), cancellationToken);
        }

        var session = await store.StoreSessionAsync(db, account, grant, storedAt, expiresAt, cancellationToken);
        return await ConnectedAsync(account, grant, session);
    }

    public async Task<string> DisconnectAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await store.FindAccountAsync(db, accountId, cancellationToken);
        var session = await db.BrokerSessions.SingleOrDefaultAsync(s => s.AccountId == accountId && s.Status == SessionStatus.Active, cancellationToken)
            ?? throw new NoActiveSessionException(accountId);

        var brokerOutcome = await store.TryInvalidateAsync(account, store.DecryptToken(account.Id, session.AccessTokenCiphertext!), cancellationToken);
        store.End(session, SessionStatus.LoggedOut, "Disconnected by you.");
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(ownerId, AuditAction.SessionDisconnected, $"Disconnected '{account.DisplayName}' ({brokerOutcome})", account.Id, cancellationToken);
        await notifier.PublishAsync(ownerId, new SessionChange(account.Id, SessionChangeKind.Disconnected, $"Disconnected: {brokerOutcome}"));
        return brokerOutcome;
    }

    private async Task<LoginResult> ConnectedAsync(BrokerAccount account, SessionGrant grant, BrokerSession session)
    {
        var connected = $"Connected as {grant.UserName ?? grant.UserId}. The session lasts until {Time.IndianTime.Format(session.ExpiresAt)} IST.";
        await notifier.PublishAsync(account.OwnerId, new SessionChange(account.Id, SessionChangeKind.Connected, connected));
        return new LoginResult(LoginOutcomeKind.Connected, account.Id, connected);
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

    private async Task<LoginResult> DirectFailureAsync(string ownerId, BrokerAccount account, string message, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(ownerId, AuditAction.SessionConnectFailed, $"Login did not connect: {LoginOutcomeKind.ExchangeFailed}", account.Id, cancellationToken);
        await notifier.PublishAsync(ownerId, new SessionChange(account.Id, SessionChangeKind.LoginFailed, message));
        return new LoginResult(LoginOutcomeKind.ExchangeFailed, account.Id, message);
    }

    private static string Hash(string state) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "A login callback carried a state that matched no login of this user ({Reason})")]
    private static partial void LogInvalidState(ILogger logger, string reason);
}
