using BrokerConsole.Core.Accounts;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Accounts;

public sealed class LoginOrderTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task SaveLoginOrder_is_kept_per_user_and_ignores_other_users_ids()
    {
        var alice = await app.CreateUserAsync("alice-order@example.com");
        var bob = await app.CreateUserAsync("bob-order@example.com");
        AccountSummary a1, a2, a3, b1;
        await using (var scope = app.ScopeFor(alice))
        {
            var accounts = scope.ServiceProvider.GetRequiredService<IAccountService>();
            a1 = await accounts.CreateAsync(AccountDrafts.Zerodha("AA0001", "aliceorder01", "alice-secret-1"));
            a2 = await accounts.CreateAsync(AccountDrafts.Zerodha("AA0002", "aliceorder02", "alice-secret-2"));
            a3 = await accounts.CreateAsync(AccountDrafts.Zerodha("AA0003", "aliceorder03", "alice-secret-3"));
        }

        await using (var scope = app.ScopeFor(bob))
        {
            var accounts = scope.ServiceProvider.GetRequiredService<IAccountService>();
            b1 = await accounts.CreateAsync(AccountDrafts.Zerodha("BB0001", "boborder0001", "bob-secret-1"));
            // Bob names Alice's accounts: they must neither move nor show up in his order.
            await accounts.SaveLoginOrderAsync([a3.Id, b1.Id, a1.Id]);
            Assert.Equal([b1.Id], await accounts.GetLoginOrderAsync());
        }

        await using (var scope = app.ScopeFor(alice))
        {
            var accounts = scope.ServiceProvider.GetRequiredService<IAccountService>();
            await accounts.SaveLoginOrderAsync([a3.Id, a1.Id]);
            // a2 was never placed: it comes after the placed ones.
            Assert.Equal([a3.Id, a1.Id, a2.Id], await accounts.GetLoginOrderAsync());
        }
    }
}
