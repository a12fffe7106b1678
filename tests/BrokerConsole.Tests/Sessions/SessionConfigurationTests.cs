using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Sessions;

/// <summary>The app without a sandbox (as in Production): sandbox accounts fail with a reason, not a crash.</summary>
public sealed class SessionConfigurationTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Sandbox_account_without_sandbox_configured_explains_instead_of_crashing()
    {
        var userId = await app.CreateUserAsync("no-sandbox@example.com");
        await using var scope = app.ScopeFor(userId);
        var account = await scope.ServiceProvider.GetRequiredService<IAccountService>().CreateAsync(AccountDrafts.Zerodha());

        // A session stored while the sandbox was on; the app has since restarted without it.
        var protector = scope.ServiceProvider.GetRequiredService<ISecretProtector>();
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync())
        {
            db.BrokerSessions.Add(new BrokerSession
            {
                Id = Guid.NewGuid(),
                AccountId = account.Id,
                OwnerId = userId,
                Broker = BrokerKind.Zerodha,
                Status = SessionStatus.Active,
                AccessTokenCiphertext = protector.Protect(account.Id, SecretKind.SessionToken, "token-from-before"),
                LoginTime = DateTimeOffset.UtcNow,
                ExpiresAt = DateTimeOffset.UtcNow.AddHours(3),
            });
            await db.SaveChangesAsync();
        }

        var sessions = scope.ServiceProvider.GetRequiredService<ISessionService>();
        var result = await sessions.TestConnectionAsync(account.Id);

        Assert.False(result.Succeeded);
        Assert.Contains("SandboxApiRoot", result.Message, StringComparison.Ordinal);
        Assert.Equal(SessionHealth.ConnectionIssue, (await sessions.GetViewAsync(account.Id)).Health);

        var login = await Assert.ThrowsAsync<InvalidOperationException>(() => sessions.BeginPopupLoginAsync(account.Id));
        Assert.Contains("SandboxLoginUrl", login.Message, StringComparison.Ordinal);
    }
}
