using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Accounts;

public sealed partial class AccountService(
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    ICurrentUser currentUser,
    ISecretProtector protector,
    IAuditTrail audit,
    TimeProvider time,
    ILogger<AccountService> logger) : IAccountService
{
    private static readonly AccountField[] _secretFields =
        [AccountField.ApiSecret, AccountField.AccessToken, AccountField.Mpin, AccountField.TotpSecret];

    public async Task<IReadOnlyList<AccountSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var accounts = await db.BrokerAccounts.AsNoTracking()
            .Include(a => a.Secrets)
            .Where(a => a.OwnerId == ownerId)
            .ToListAsync(cancellationToken);
        return accounts
            .OrderBy(a => a.Broker).ThenBy(a => a.DisplayName, StringComparer.OrdinalIgnoreCase)
            .Select(AccountSummary.From)
            .ToList();
    }

    public async Task<AccountSummary> GetAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return AccountSummary.From(await FindOwnedAsync(db, accountId, tracking: false, cancellationToken));
    }

    public async Task<AccountDraft> GetDraftAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await FindOwnedAsync(db, accountId, tracking: false, cancellationToken);
        return new AccountDraft
        {
            Broker = account.Broker,
            DisplayName = account.DisplayName,
            ClientId = account.ClientId,
            Environment = account.Environment,
            ApiKey = account.ApiKey,
            RedirectUrl = account.RedirectUrl,
            PostbackUrl = account.PostbackUrl,
            DhanLoginMode = DhanLoginModes.Of(account.Secrets.Select(s => s.Kind).ToHashSet(), account.ApiKey),
        };
    }

    public async Task<AccountSummary> CreateAsync(AccountDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var ownerId = currentUser.RequireUserId();
        AccountValidator.Normalize(draft);
        var result = AccountValidator.Validate(draft);
        ThrowIfInvalid(result);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await EnsureNotDuplicateAsync(db, ownerId, draft, exceptId: null, cancellationToken);

        var now = time.GetUtcNow();
        var account = new BrokerAccount
        {
            Id = Guid.NewGuid(),
            OwnerId = ownerId,
            Broker = draft.Broker,
            DisplayName = draft.DisplayName,
            ClientId = draft.ClientId,
            CreatedAt = now,
        };
        Apply(account, draft, now);
        db.BrokerAccounts.Add(account);
        await db.SaveChangesAsync(cancellationToken);

        LogAccountCreated(logger, account.Id, account.Broker);
        await audit.RecordAsync(ownerId, AuditAction.AccountCreated,
            $"Added {BrokerCatalog.For(account.Broker).Name} account '{account.DisplayName}' ({account.ClientId})", account.Id, cancellationToken);
        return AccountSummary.From(account);
    }

    public async Task<AccountSummary> UpdateAsync(Guid accountId, AccountDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await FindOwnedAsync(db, accountId, tracking: true, cancellationToken);

        // The broker decides which credentials exist; changing it would orphan them. Delete and re-add instead.
        draft.Broker = account.Broker;
        AccountValidator.Normalize(draft);
        var result = AccountValidator.Validate(draft, account.Secrets.Select(s => s.Kind).ToHashSet());
        ThrowIfInvalid(result);
        await EnsureNotDuplicateAsync(db, ownerId, draft, account.Id, cancellationToken);

        var changed = Describe(account, draft);
        account.DisplayName = draft.DisplayName;
        account.ClientId = draft.ClientId;
        Apply(account, draft, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);

        await audit.RecordAsync(ownerId, AuditAction.AccountUpdated,
            $"Changed {changed} of '{account.DisplayName}'", account.Id, cancellationToken);
        return AccountSummary.From(account);
    }

    public async Task DeleteAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await FindOwnedAsync(db, accountId, tracking: true, cancellationToken);
        db.BrokerAccounts.Remove(account);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(ownerId, AuditAction.AccountDeleted,
            $"Deleted {BrokerCatalog.For(account.Broker).Name} account '{account.DisplayName}' ({account.ClientId})", account.Id, cancellationToken);
    }

    public async Task<string> RevealSecretAsync(Guid accountId, SecretKind kind, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await FindOwnedAsync(db, accountId, tracking: false, cancellationToken);
        var secret = account.Secrets.FirstOrDefault(s => s.Kind == kind)
            ?? throw new KeyNotFoundException($"This account has no stored {Describe(kind)}.");
        var plaintext = protector.Unprotect(account.Id, kind, secret.Ciphertext);
        await audit.RecordAsync(ownerId, AuditAction.SecretRevealed,
            $"Revealed the {Describe(kind)} of '{account.DisplayName}'", account.Id, cancellationToken);
        return plaintext;
    }

    public async Task<IReadOnlyList<Guid>> GetLoginOrderAsync(CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var accounts = await db.BrokerAccounts.AsNoTracking()
            .Where(a => a.OwnerId == ownerId)
            .Select(a => new { a.Id, a.LoginPosition, a.Broker, a.DisplayName })
            .ToListAsync(cancellationToken);
        // Unplaced (0) accounts go last, in the Accounts page's order, so a new account joins the end of the pass.
        return accounts
            .OrderBy(a => a.LoginPosition == 0 ? int.MaxValue : a.LoginPosition)
            .ThenBy(a => a.Broker).ThenBy(a => a.DisplayName, StringComparer.OrdinalIgnoreCase)
            .Select(a => a.Id)
            .ToList();
    }

    public async Task SaveLoginOrderAsync(IReadOnlyList<Guid> accountIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owned = await db.BrokerAccounts.Where(a => a.OwnerId == ownerId).ToListAsync(cancellationToken);
        var byId = owned.ToDictionary(a => a.Id);
        var position = 1;
        foreach (var id in accountIds.Distinct())
        {
            if (byId.TryGetValue(id, out var account))
            {
                account.LoginPosition = position++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<LoginCode> GetLoginCodeAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await FindOwnedAsync(db, accountId, tracking: false, cancellationToken);
        var secret = account.Secrets.FirstOrDefault(s => s.Kind == SecretKind.TotpSecret)
            ?? throw new KeyNotFoundException($"This account has no stored {Describe(SecretKind.TotpSecret)}.");
        var seed = TotpSeed.Parse(protector.Unprotect(account.Id, SecretKind.TotpSecret, secret.Ciphertext));
        var totp = seed.CodeAt(time.GetUtcNow());
        var code = new LoginCode(totp.Value, totp.ValidUntil);
        await audit.RecordAsync(ownerId, AuditAction.LoginCodeShown,
            $"Showed the current login code of '{account.DisplayName}' from its stored TOTP secret", account.Id, cancellationToken);
        return code;
    }

    private async Task<BrokerAccount> FindOwnedAsync(BrokerConsoleDbContext db, Guid accountId, bool tracking, CancellationToken cancellationToken)
    {
        var ownerId = currentUser.RequireUserId();
        var query = db.BrokerAccounts.Include(a => a.Secrets).Where(a => a.Id == accountId && a.OwnerId == ownerId);
        var account = await (tracking ? query : query.AsNoTracking()).SingleOrDefaultAsync(cancellationToken);
        if (account is null)
        {
            LogAccountNotOwned(logger, accountId);
            throw new AccountNotFoundException(accountId);
        }

        return account;
    }

    private static async Task EnsureNotDuplicateAsync(BrokerConsoleDbContext db, string ownerId, AccountDraft draft, Guid? exceptId, CancellationToken cancellationToken)
    {
        var duplicate = await db.BrokerAccounts.AsNoTracking()
            // One card per broker login, whatever its API key or token: two cards of one client id end each other's
            // sessions and count the same portfolio twice. A sandbox login is another server's, so it may coexist.
            .Where(a => a.OwnerId == ownerId && a.Broker == draft.Broker && a.Environment == draft.Environment && a.ClientId == draft.ClientId)
            .Where(a => exceptId == null || a.Id != exceptId)
            .Select(a => a.DisplayName)
            .FirstOrDefaultAsync(cancellationToken);
        if (duplicate is not null)
        {
            var result = new AccountValidationResult();
            result.Add(AccountField.ClientId, $"You already have this {BrokerCatalog.For(draft.Broker).Name} account ({draft.ClientId}): '{duplicate}'. Use or edit that card; two cards of one login would end each other's sessions.");
            throw new AccountValidationException(result);
        }
    }

    private void Apply(BrokerAccount account, AccountDraft draft, DateTimeOffset now)
    {
        var fields = DhanLoginModes.FieldsFor(account.Broker, draft.DhanLoginMode);
        account.Environment = draft.Environment;
        account.ApiKey = fields.Any(f => f.Field == AccountField.ApiKey) ? draft.ApiKey : null;
        account.RedirectUrl = fields.Any(f => f.Field == AccountField.RedirectUrl) ? draft.RedirectUrl : null;
        account.PostbackUrl = fields.Any(f => f.Field == AccountField.PostbackUrl) ? draft.PostbackUrl : null;
        account.UpdatedAt = now;
        if (account.Broker == BrokerKind.Dhan)
        {
            // A Dhan account logs in one way; secrets of another way would only be plaintext-in-waiting.
            var kept = DhanLoginModes.Secrets(draft.DhanLoginMode);
            account.Secrets.RemoveAll(s => !kept.Contains(s.Kind));
        }

        foreach (var field in _secretFields)
        {
            var value = draft.Get(field);
            if (string.IsNullOrEmpty(value) || fields.All(f => f.Field != field))
            {
                continue; // empty keeps what is stored
            }

            var kind = AccountValidator.SecretKindOf(field)!.Value;
            var ciphertext = protector.Protect(account.Id, kind, value);
            var existing = account.Secrets.FirstOrDefault(s => s.Kind == kind);
            if (existing is null)
            {
                account.Secrets.Add(new AccountSecret { AccountId = account.Id, Kind = kind, Ciphertext = ciphertext, UpdatedAt = now });
            }
            else
            {
                existing.Ciphertext = ciphertext;
                existing.UpdatedAt = now;
            }
        }
    }

    private static string Describe(BrokerAccount account, AccountDraft draft)
    {
        var changes = new List<string>();
        if (account.DisplayName != draft.DisplayName) { changes.Add("name"); }
        if (account.ClientId != draft.ClientId) { changes.Add("client id"); }
        if (account.Environment != draft.Environment) { changes.Add("environment"); }
        if (account.ApiKey != draft.ApiKey) { changes.Add("API key"); }
        if (account.RedirectUrl != draft.RedirectUrl) { changes.Add("redirect URL"); }
        if (account.PostbackUrl != draft.PostbackUrl) { changes.Add("postback URL"); }
        foreach (var field in _secretFields)
        {
            if (!string.IsNullOrEmpty(draft.Get(field))) { changes.Add(Describe(AccountValidator.SecretKindOf(field)!.Value)); }
        }

        return changes.Count == 0 ? "nothing" : string.Join(", ", changes);
    }

    private static string Describe(SecretKind kind) => kind switch
    {
        SecretKind.ApiSecret => "API secret",
        SecretKind.AccessToken => "access token",
        SecretKind.Mpin => "MPIN",
        SecretKind.TotpSecret => "TOTP secret",
        _ => kind.ToString(),
    };

    private static void ThrowIfInvalid(AccountValidationResult result)
    {
        if (!result.IsValid)
        {
            throw new AccountValidationException(result);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} created for broker {Broker}")]
    private static partial void LogAccountCreated(ILogger logger, Guid accountId, BrokerKind broker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountId} was requested but is not owned by the current user (or does not exist)")]
    private static partial void LogAccountNotOwned(ILogger logger, Guid accountId);
}
