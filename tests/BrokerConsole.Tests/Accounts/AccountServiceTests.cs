using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Accounts;

public abstract class AccountServiceTests(TestApp app)
{
    private async Task<(string UserId, AsyncServiceScope Scope, IAccountService Accounts)> NewUserAsync()
    {
        var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        var scope = app.ScopeFor(userId);
        return (userId, scope, scope.ServiceProvider.GetRequiredService<IAccountService>());
    }

    [Fact]
    public async Task Create_two_accounts_of_the_same_broker_lists_both_without_secrets()
    {
        var (_, scope, accounts) = await NewUserAsync();
        await using var _ = scope;
        await accounts.CreateAsync(AccountDrafts.Zerodha("AB1234", "kiteapikey01"));
        await accounts.CreateAsync(AccountDrafts.Zerodha("CD5678", "kiteapikey02"));

        var list = await accounts.ListAsync();
        Assert.Equal(["AB1234", "CD5678"], list.Select(a => a.ClientId).Order());
        Assert.All(list, a => Assert.Equal(new HashSet<SecretKind> { SecretKind.ApiSecret }, a.StoredSecrets));
    }

    [Fact]
    public async Task Create_same_client_id_and_api_key_twice_is_rejected_as_duplicate()
    {
        var (_, scope, accounts) = await NewUserAsync();
        await using var _ = scope;
        await accounts.CreateAsync(AccountDrafts.Zerodha("AB1234", "kiteapikey01"));

        var ex = await Assert.ThrowsAsync<AccountValidationException>(() => accounts.CreateAsync(AccountDrafts.Zerodha("ab1234", "kiteapikey01")));
        Assert.Contains("already have this Zerodha account", ex.Result.For(AccountField.ClientId).Single(), StringComparison.Ordinal);
        Assert.Single(await accounts.ListAsync());
    }

    [Fact]
    public async Task Same_broker_and_client_id_is_refused_whatever_the_api_key_or_token()
    {
        var (_, scope, accounts) = await NewUserAsync();
        await using var _ = scope;
        await accounts.CreateAsync(AccountDrafts.Zerodha("AB1234", "kiteapikey01"));
        await accounts.CreateAsync(AccountDrafts.Dhan());

        // Two cards of one broker login knock each other's sessions out and count the portfolio twice.
        var kite = await Assert.ThrowsAsync<AccountValidationException>(() => accounts.CreateAsync(AccountDrafts.Zerodha("AB1234", "kiteapikey02")));
        Assert.Contains("already have", kite.Result.For(AccountField.ClientId).Single(), StringComparison.Ordinal);
        await Assert.ThrowsAsync<AccountValidationException>(() => accounts.CreateAsync(AccountDrafts.Dhan(token: "dhan-access-token-0002")));
        var other = await accounts.CreateAsync(AccountDrafts.Zerodha("CD5678", "kiteapikey03"));
        var draft = await accounts.GetDraftAsync(other.Id);
        draft.ClientId = "AB1234";
        await Assert.ThrowsAsync<AccountValidationException>(() => accounts.UpdateAsync(other.Id, draft));

        Assert.Equal(3, (await accounts.ListAsync()).Count);
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_account_of_the_same_broker_client_id()
    {
        var (userId, scope, accounts) = await NewUserAsync();
        await using var _ = scope;
        var first = await accounts.CreateAsync(AccountDrafts.Zerodha("EF9012", "kiteapikey01"));
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync();
        db.BrokerAccounts.Add(new BrokerAccount
        {
            Id = Guid.NewGuid(),
            OwnerId = userId,
            Broker = BrokerKind.Zerodha,
            Environment = first.Environment,
            DisplayName = "Racing twin",
            ClientId = "EF9012",
            ApiKey = "kiteapikey09",
        });

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Create_invalid_draft_saves_nothing()
    {
        var (_, scope, accounts) = await NewUserAsync();
        await using var _ = scope;
        var draft = AccountDrafts.AngelOne(mpin: "12");
        await Assert.ThrowsAsync<AccountValidationException>(() => accounts.CreateAsync(draft));
        Assert.Empty(await accounts.ListAsync());
    }

    [Fact]
    public async Task Update_with_blank_secret_keeps_the_stored_secret()
    {
        var (_, scope, accounts) = await NewUserAsync();
        await using var _ = scope;
        var created = await accounts.CreateAsync(AccountDrafts.Zerodha(secret: "original-secret-1"));

        var draft = await accounts.GetDraftAsync(created.Id);
        Assert.Null(draft.ApiSecret);
        draft.DisplayName = "Renamed";
        await accounts.UpdateAsync(created.Id, draft);

        Assert.Equal("Renamed", (await accounts.GetAsync(created.Id)).DisplayName);
        Assert.Equal("original-secret-1", await accounts.RevealSecretAsync(created.Id, SecretKind.ApiSecret));
    }

    [Fact]
    public async Task Update_with_new_secret_replaces_it()
    {
        var (_, scope, accounts) = await NewUserAsync();
        await using var _ = scope;
        var created = await accounts.CreateAsync(AccountDrafts.Zerodha(secret: "original-secret-1"));
        var draft = await accounts.GetDraftAsync(created.Id);
        draft.ApiSecret = "replaced-secret-2";
        await accounts.UpdateAsync(created.Id, draft);
        Assert.Equal("replaced-secret-2", await accounts.RevealSecretAsync(created.Id, SecretKind.ApiSecret));
    }

    [Fact]
    public async Task Update_invalid_leaves_the_account_as_it_was()
    {
        var (_, scope, accounts) = await NewUserAsync();
        await using var _ = scope;
        var created = await accounts.CreateAsync(AccountDrafts.Zerodha());
        var draft = await accounts.GetDraftAsync(created.Id);
        draft.DisplayName = "";
        draft.ApiSecret = "a-new-secret-that-should-not-stick";
        await Assert.ThrowsAsync<AccountValidationException>(() => accounts.UpdateAsync(created.Id, draft));

        var after = await accounts.GetAsync(created.Id);
        Assert.Equal(created.DisplayName, after.DisplayName);
        Assert.Equal("kite-api-secret-0001", await accounts.RevealSecretAsync(created.Id, SecretKind.ApiSecret));
    }

    [Fact]
    public async Task Update_cannot_change_the_broker()
    {
        var (_, scope, accounts) = await NewUserAsync();
        await using var _ = scope;
        var created = await accounts.CreateAsync(AccountDrafts.Zerodha());
        var draft = await accounts.GetDraftAsync(created.Id);
        draft.Broker = BrokerKind.Dhan;
        var updated = await accounts.UpdateAsync(created.Id, draft);
        Assert.Equal(BrokerKind.Zerodha, updated.Broker);
    }

    [Fact]
    public async Task Delete_removes_account_and_its_secrets()
    {
        var (_, scope, accounts) = await NewUserAsync();
        await using var _ = scope;
        var created = await accounts.CreateAsync(AccountDrafts.AngelOne());
        await accounts.DeleteAsync(created.Id);
        Assert.Empty(await accounts.ListAsync());
        await Assert.ThrowsAsync<AccountNotFoundException>(() => accounts.RevealSecretAsync(created.Id, SecretKind.Mpin));
    }

    [Fact]
    public async Task Sensitive_actions_are_audited_without_secret_values()
    {
        var (_, scope, accounts) = await NewUserAsync();
        await using var _ = scope;
        var created = await accounts.CreateAsync(AccountDrafts.AngelOne(mpin: "9731"));
        await accounts.RevealSecretAsync(created.Id, SecretKind.Mpin);
        var draft = await accounts.GetDraftAsync(created.Id);
        draft.DisplayName = "Angel renamed";
        await accounts.UpdateAsync(created.Id, draft);
        await accounts.DeleteAsync(created.Id);

        var entries = await scope.ServiceProvider.GetRequiredService<IAuditTrail>().RecentAsync(50);
        Assert.Equal(
            [AuditAction.AccountDeleted, AuditAction.AccountUpdated, AuditAction.SecretRevealed, AuditAction.AccountCreated],
            entries.Select(e => e.Action));
        Assert.Equal("Revealed the MPIN of 'Angel'", entries[2].Summary);
        Assert.Equal("Changed name of 'Angel renamed'", entries[1].Summary);
        Assert.All(entries, e => Assert.DoesNotContain("9731", e.Summary, StringComparison.Ordinal));
        Assert.All(entries, e => Assert.Equal(created.Id, e.AccountId));
    }

    [Fact]
    public async Task Reveal_missing_secret_kind_says_so()
    {
        var (_, scope, accounts) = await NewUserAsync();
        await using var _ = scope;
        var created = await accounts.CreateAsync(AccountDrafts.Zerodha());
        var ex = await Assert.ThrowsAsync<KeyNotFoundException>(() => accounts.RevealSecretAsync(created.Id, SecretKind.Mpin));
        Assert.Equal("This account has no stored MPIN.", ex.Message);
    }

    [Fact]
    public async Task Service_without_signed_in_user_refuses()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<IAccountService>();
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => accounts.ListAsync());
    }

    [Fact]
    public async Task Dhan_modes_store_their_own_secrets_and_switching_removes_the_others()
    {
        var (_, scope, accounts) = await NewUserAsync();
        await using var _ = scope;
        var account = await accounts.CreateAsync(AccountDrafts.Dhan());
        Assert.Equal((DhanLoginMode.AccessToken, false), (account.DhanLoginMode, scope.ServiceProvider.GetRequiredService<IBrokerModules>().LogsInWithPopup(account)));

        var draft = await accounts.GetDraftAsync(account.Id);
        Assert.Equal(DhanLoginMode.AccessToken, draft.DhanLoginMode);
        draft.DhanLoginMode = DhanLoginMode.PinTotp;
        draft.Mpin = "135790";
        draft.TotpSecret = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U";
        var pin = await accounts.UpdateAsync(account.Id, draft);
        Assert.Equal(new HashSet<SecretKind> { SecretKind.Mpin, SecretKind.TotpSecret }, pin.StoredSecrets);
        Assert.Equal(DhanLoginMode.PinTotp, pin.DhanLoginMode);
        Assert.Equal("135790", await accounts.RevealSecretAsync(account.Id, SecretKind.Mpin));

        draft = await accounts.GetDraftAsync(account.Id);
        Assert.Null(draft.Mpin);
        draft.DhanLoginMode = DhanLoginMode.ApiKeyConsent;
        draft.ApiKey = "dhan-app-01";
        var missingSecret = await Assert.ThrowsAsync<AccountValidationException>(() => accounts.UpdateAsync(account.Id, draft.Clone()));
        Assert.NotEmpty(missingSecret.Result.For(AccountField.ApiSecret));
        Assert.Equal(DhanLoginMode.PinTotp, (await accounts.GetAsync(account.Id)).DhanLoginMode);

        draft.ApiSecret = "dhan-app-secret-01";
        var consent = await accounts.UpdateAsync(account.Id, draft);
        Assert.Equal(new HashSet<SecretKind> { SecretKind.ApiSecret }, consent.StoredSecrets);
        Assert.Equal(("dhan-app-01", DhanLoginMode.ApiKeyConsent, true), (consent.ApiKey, consent.DhanLoginMode, scope.ServiceProvider.GetRequiredService<IBrokerModules>().LogsInWithPopup(consent)));

        // Back to a pasted token: the key goes too, as it belongs to the consent way only.
        draft = await accounts.GetDraftAsync(account.Id);
        draft.DhanLoginMode = DhanLoginMode.AccessToken;
        draft.AccessToken = "dhan-access-token-0002";
        var token = await accounts.UpdateAsync(account.Id, draft);
        Assert.Equal(new HashSet<SecretKind> { SecretKind.AccessToken }, token.StoredSecrets);
        Assert.Null(token.ApiKey);
    }
}

/// <summary><see cref="AccountServiceTests"/> on SQLite, the default provider.</summary>
public sealed class AccountServiceTestsOnSqlite(TestApp app) : AccountServiceTests(app), IClassFixture<TestApp>;

/// <summary><see cref="AccountServiceTests"/> on PostgreSQL.</summary>
public sealed class AccountServiceTestsOnPostgres(SharedApp<PlainOnPostgres> app) : AccountServiceTests(app), IClassFixture<SharedApp<PlainOnPostgres>>;
