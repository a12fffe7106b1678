using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Accounts;

/// <summary>User B tries user A's account ids on every path of <see cref="IAccountService"/>.</summary>
public sealed class AccountIsolationTests(TestApp app) : IClassFixture<TestApp>
{
    // One probe per method that takes an account id. The coverage test below fails when a method is
    // added to the interface without a probe here, so isolation cannot be forgotten.
    private static readonly Dictionary<string, Func<IAccountService, Guid, Task>> _probes = new()
    {
        [nameof(IAccountService.GetAsync)] = (s, id) => s.GetAsync(id),
        [nameof(IAccountService.GetDraftAsync)] = (s, id) => s.GetDraftAsync(id),
        [nameof(IAccountService.UpdateAsync)] = (s, id) => s.UpdateAsync(id, AccountDrafts.Zerodha("ZZ9999", "attackerkey1", "attacker-secret-1")),
        [nameof(IAccountService.DeleteAsync)] = (s, id) => s.DeleteAsync(id),
        [nameof(IAccountService.RevealSecretAsync)] = (s, id) => s.RevealSecretAsync(id, SecretKind.ApiSecret),
        [nameof(IAccountService.GetLoginCodeAsync)] = (s, id) => s.GetLoginCodeAsync(id),
    };

    [Fact]
    public void Every_account_id_method_has_an_isolation_probe()
    {
        var methods = typeof(IAccountService).GetMethods()
            .Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(Guid)))
            .Select(m => m.Name)
            .ToHashSet();
        Assert.Equal(methods.Order(), _probes.Keys.Order());
    }

    [Fact]
    public async Task Another_user_cannot_read_change_reveal_or_delete_an_account()
    {
        var alice = await app.CreateUserAsync("alice-isolation@example.com");
        var bob = await app.CreateUserAsync("bob-isolation@example.com");

        AccountSummary aliceAccount;
        await using (var aliceScope = app.ScopeFor(alice))
        {
            aliceAccount = await aliceScope.ServiceProvider.GetRequiredService<IAccountService>().CreateAsync(AccountDrafts.Zerodha(secret: "alice-secret-123"));
        }

        await using (var bobScope = app.ScopeFor(bob))
        {
            var bobAccounts = bobScope.ServiceProvider.GetRequiredService<IAccountService>();
            Assert.Empty(await bobAccounts.ListAsync());
            foreach (var (name, probe) in _probes)
            {
                var ex = await Assert.ThrowsAsync<AccountNotFoundException>(() => probe(bobAccounts, aliceAccount.Id));
                Assert.Equal(aliceAccount.Id, ex.AccountId);
                Assert.Equal("That account does not exist, or it is not yours.", ex.Message);
            }

            // Bob may hold an account with the same client id and key: duplicates are per user.
            await bobAccounts.CreateAsync(AccountDrafts.Zerodha(secret: "bob-secret-456"));
        }

        await using var check = app.ScopeFor(alice);
        var accounts = check.ServiceProvider.GetRequiredService<IAccountService>();
        var after = await accounts.GetAsync(aliceAccount.Id);
        Assert.Equal(aliceAccount.DisplayName, after.DisplayName);
        Assert.Equal(aliceAccount.ClientId, after.ClientId);
        Assert.Equal("alice-secret-123", await accounts.RevealSecretAsync(aliceAccount.Id, SecretKind.ApiSecret));
        Assert.Single(await accounts.ListAsync());
    }
}
