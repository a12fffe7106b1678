using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Accounts;

/// <summary>The app on a clock the test sets, so login codes can be checked at the RFC 6238 instants.</summary>
public sealed class SettableClockApp : IAppRecipe
{
    public static AppFixture Recipe() => AppFixture.Create().WithClock(new SettableClock());
}

/// <summary>A clock the RFC cases set in any order (FakeTimeProvider refuses to go back in time).</summary>
public sealed class SettableClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

    public override DateTimeOffset GetUtcNow() => Now;
}

public sealed class LoginCodeTests(SharedApp<SettableClockApp> app) : IClassFixture<SharedApp<SettableClockApp>>
{
    // RFC 6238 Appendix B, SHA-1 seed "12345678901234567890" in Base32; the last 6 of the 8-digit vectors.
    private const string RfcSeed = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1111111111L, "050471")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    public async Task GetLoginCode_matches_rfc6238_vectors_and_is_audited(long unixSeconds, string expected)
    {
        var userId = await app.CreateUserAsync($"code-{unixSeconds}@example.com");
        await using var scope = app.ScopeFor(userId);
        var accounts = scope.ServiceProvider.GetRequiredService<IAccountService>();
        var draft = AccountDrafts.Zerodha("TC1234", "totpcodekey1");
        draft.TotpSecret = RfcSeed;
        var account = await accounts.CreateAsync(draft);

        ((SettableClock)app.Get<TimeProvider>()).Now = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        var code = await accounts.GetLoginCodeAsync(account.Id);

        Assert.Equal(expected, code.Code);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((unixSeconds / 30 + 1) * 30), code.ValidUntil);
        var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync();
        await using (db)
        {
            var audited = await db.AuditEntries.Where(e => e.AccountId == account.Id && e.Action == Core.Auditing.AuditAction.LoginCodeShown).CountAsync();
            Assert.Equal(1, audited);
        }
    }

    [Fact]
    public async Task GetLoginCode_without_a_stored_secret_says_so()
    {
        var userId = await app.CreateUserAsync("code-none@example.com");
        await using var scope = app.ScopeFor(userId);
        var accounts = scope.ServiceProvider.GetRequiredService<IAccountService>();
        var account = await accounts.CreateAsync(AccountDrafts.Zerodha("TN1234", "totpnonekey1"));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => accounts.GetLoginCodeAsync(account.Id));
    }
}
