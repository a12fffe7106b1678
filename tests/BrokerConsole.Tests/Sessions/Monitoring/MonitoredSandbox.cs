using System.Net;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Core.Sessions.Monitoring;
using BrokerConsole.Tests.Sandbox.Kite;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Sessions.Monitoring;

/// <summary>
/// The app in-process against a hosted Kite sandbox (real loopback HTTP, one fake clock) with several
/// sandbox apps, so many accounts can be checked without tripping the per-api-key limit. The
/// background timer is off: tests run sweeps themselves through <see cref="ISessionSweeper"/>.
/// Shared as <c>SharedApp&lt;MonitoredSandbox&gt;</c>; <see cref="MonitoredSandboxApp"/> holds what tests do with it.
/// </summary>
public sealed class MonitoredSandbox : IAppRecipe
{
    public static AppFixture Recipe() => AppFixture.Create()
        .WithSandbox(SeedApps)
        .WithSandboxBroker(BrokerKind.Zerodha)
        .WithSetting("Brokers:Zerodha:ReadRetryCount", "0")
        .WithSetting("Sessions:Monitor:Enabled", "false")
        .WithSetting("Sessions:Monitor:CallTimeout", "00:00:03");

    public const int AppCount = 6;

    public static string ApiKeyOf(int app) => app == 0 ? KiteSandboxHost.ApiKey : $"monapp{app:00}";

    public static string ApiSecretOf(int app) => app == 0 ? KiteSandboxHost.ApiSecret : $"monsecret{app:00}";

    private static void SeedApps(IDictionary<string, string?> settings)
    {
        for (var i = 1; i < AppCount; i++)
        {
            settings[$"Sandbox:Kite:Apps:{i}:ApiKey"] = ApiKeyOf(i);
            settings[$"Sandbox:Kite:Apps:{i}:ApiSecret"] = ApiSecretOf(i);
            settings[$"Sandbox:Kite:Apps:{i}:RedirectUrl"] = KiteSandboxHost.RedirectUrl;
            // One Zerodha user per app: a console user holds one card per broker login.
            settings[$"Sandbox:Kite:Users:{i}:UserId"] = UserIdOf(i);
            settings[$"Sandbox:Kite:Users:{i}:Password"] = KiteSandboxHost.Password;
            settings[$"Sandbox:Kite:Users:{i}:TotpSecret"] = KiteSandboxHost.TotpSecret;
            settings[$"Sandbox:Kite:Users:{i}:UserName"] = $"Monitored Trader {i}";
            settings[$"Sandbox:Kite:Users:{i}:Email"] = $"tm{i}@example.test";
        }
    }

    /// <summary>The sandbox Zerodha user of app <paramref name="index"/> (app 0 keeps the host's default user).</summary>
    public static string UserIdOf(int index) => index == 0 ? KiteSandboxHost.UserId : $"TM{index:D4}";
}

/// <summary>What the monitoring tests do with their app: sweep, reset the sandbox, read sessions, make users.</summary>
public static class MonitoredSandboxApp
{
    extension(TestApp app)
    {
        public ISessionSweeper Sweeper => app.Services.GetRequiredService<ISessionSweeper>();

        /// <summary>Clears faults, latency and the sandbox's per-second windows (its clock is frozen between advances).</summary>
        public Task ResetSandboxAsync() => app.Sandbox.ControlAsync("reset", new { });

        /// <summary>Ends every active session in the database so the next sweep sees only the calling test's sessions.</summary>
        public async Task ForgetAllSessionsAsync()
        {
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync();
            await db.BrokerSessions.Where(s => s.Status == SessionStatus.Active)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SessionStatus.LoggedOut).SetProperty(s => s.AccessTokenCiphertext, (string?)null));
        }

        public async Task<T> WithDbAsync<T>(Func<BrokerConsoleDbContext, Task<T>> work)
        {
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync();
            return await work(db);
        }

        public async Task<MonitoredActor> NewActorAsync()
        {
            var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
            return new MonitoredActor(app, userId, app.ScopeFor(userId));
        }
    }
}

/// <summary>A signed-in user: services in their scope, plus helpers to add and connect sandbox accounts.</summary>
public sealed class MonitoredActor(TestApp app, string userId, AsyncServiceScope scope) : IAsyncDisposable
{
    public string UserId { get; } = userId;

    public IServiceProvider Services => scope.ServiceProvider;

    public IAccountService Accounts => Services.GetRequiredService<IAccountService>();

    public ISessionService Sessions => Services.GetRequiredService<ISessionService>();

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Adds a sandbox Zerodha account on sandbox app <paramref name="appIndex"/> and logs it in through the real popup flow.</summary>
    public async Task<AccountSummary> AddConnectedAccountAsync(int appIndex = 0, string? name = null)
    {
        var account = await Accounts.CreateAsync(new AccountDraft
        {
            Broker = BrokerKind.Zerodha,
            DisplayName = name ?? $"Sandbox {appIndex}-{Guid.NewGuid():N}"[..20],
            ClientId = MonitoredSandbox.UserIdOf(appIndex),
            Environment = AccountEnvironment.Sandbox,
            ApiKey = MonitoredSandbox.ApiKeyOf(appIndex),
            ApiSecret = MonitoredSandbox.ApiSecretOf(appIndex),
            RedirectUrl = KiteSandboxHost.RedirectUrl,
        });
        await ConnectAsync(account);
        return account;
    }

    /// <summary>Logs the account in (again) through the real popup flow: app, sandbox login form, callback.</summary>
    public async Task ConnectAsync(AccountSummary account)
    {
        // Each exchange counts against the app's per-second window of the frozen sandbox clock.
        await app.ResetSandboxAsync();
        var loginUri = await Sessions.BeginPopupLoginAsync(account.Id);
        var query = QueryHelpers.ParseQuery(loginUri.Query);
        using var response = await app.Sandbox.Client.PostAsync("connect/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = query["api_key"].ToString(),
            ["redirect_params"] = query["redirect_params"].ToString(),
            ["userid"] = account.ClientId,
            ["password"] = KiteSandboxHost.Password,
            ["totp"] = app.Sandbox.CurrentTotp(),
            ["action"] = "login",
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var back = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        var result = await Sessions.CompleteZerodhaLoginAsync(back["state"].ToString(), back["status"].ToString(), back["request_token"].ToString());
        Assert.True(result.Succeeded, result.Message);
    }

    public async Task<BrokerSession> ActiveSessionAsync(Guid accountId) =>
        await app.WithDbAsync(db => db.BrokerSessions.AsNoTracking().SingleAsync(s => s.AccountId == accountId && s.Status == SessionStatus.Active));

    public async Task<BrokerSession> LatestSessionAsync(Guid accountId) =>
        (await app.WithDbAsync(db => db.BrokerSessions.AsNoTracking().Where(s => s.AccountId == accountId).ToListAsync())).MaxBy(s => s.LoginTime)!;

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}
