using System.Net;
using System.Text;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Core.Time;
using BrokerConsole.Tests.Sandbox.Kite;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Sessions;

/// <summary>Session service ↔ Kite sandbox over real HTTP: login, expiry, invalidation, faults, disconnect.</summary>
public abstract class ZerodhaSessionFlowTests(TestApp app)
{
    private sealed record Actor(string UserId, AsyncServiceScope Scope, IAccountService Accounts, ISessionService Sessions) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Scope.DisposeAsync();
    }

    private async Task<Actor> NewActorAsync()
    {
        var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        var scope = app.ScopeFor(userId);
        return new Actor(userId, scope, scope.ServiceProvider.GetRequiredService<IAccountService>(), scope.ServiceProvider.GetRequiredService<ISessionService>());
    }

    private static Task<AccountSummary> AddSandboxAccountAsync(Actor actor, string secret = KiteSandboxHost.ApiSecret) =>
        actor.Accounts.CreateAsync(new AccountDraft
        {
            Broker = BrokerKind.Zerodha,
            DisplayName = "Sandbox",
            ClientId = KiteSandboxHost.UserId,
            Environment = AccountEnvironment.Sandbox,
            ApiKey = KiteSandboxHost.ApiKey,
            ApiSecret = secret,
            RedirectUrl = KiteSandboxHost.RedirectUrl,
        });

    /// <summary>What the browser does between "Get Session Token" and the callback: the login form on the sandbox.</summary>
    private async Task<(string State, string Status, string? RequestToken)> LogInAtSandboxAsync(Uri loginUri, string action = "login")
    {
        var query = QueryHelpers.ParseQuery(loginUri.Query);
        Assert.Equal("3", query["v"].ToString());
        Assert.Equal(KiteSandboxHost.ApiKey, query["api_key"].ToString());
        var redirectParams = query["redirect_params"].ToString();
        using var response = await app.Sandbox.PostLoginFormAsync(KiteSandboxHost.UserId, KiteSandboxHost.Password, app.Sandbox.CurrentTotp(), redirectParams, action);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var back = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        return (back["state"].ToString(), back["status"].ToString(), back.TryGetValue("request_token", out var token) ? token.ToString() : null);
    }

    private async Task<LoginResult> ConnectAsync(Actor actor, Guid accountId)
    {
        var (state, status, requestToken) = await LogInAtSandboxAsync(await actor.Sessions.BeginPopupLoginAsync(accountId));
        return await actor.Sessions.CompleteZerodhaLoginAsync(state, status, requestToken);
    }

    [Fact]
    public async Task Login_stores_an_active_session_that_expires_at_the_next_0600_ist()
    {
        await using var actor = await NewActorAsync();
        var account = await AddSandboxAccountAsync(actor);

        var result = await ConnectAsync(actor, account.Id);

        Assert.True(result.Succeeded, result.Message);
        var view = await actor.Sessions.GetViewAsync(account.Id);
        Assert.Equal(SessionState.Active, view.State);
        Assert.Equal(KiteSandboxHost.UserId, view.BrokerUserId);
        Assert.Equal("Test Trader", view.UserName);
        // Other tests move the shared clock, so check the rule rather than one date: the first 06:00 IST after login.
        var expiresIst = IndianTime.ToIst(view.ExpiresAt!.Value);
        Assert.Equal(TimeSpan.FromHours(6), expiresIst.TimeOfDay);
        Assert.Equal(SessionExpiryRules.NextDailyFlush(view.LoginTime!.Value), view.ExpiresAt);
        Assert.InRange(view.Remaining(app.Clock.GetUtcNow())!.Value, TimeSpan.FromMinutes(1), TimeSpan.FromHours(24));

        var token = await actor.Sessions.RevealAccessTokenAsync(account.Id);
        var (status, _) = await app.Sandbox.GetAsync("user/profile", token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(app.ReadDatabaseBytes().AsSpan().IndexOf(Encoding.UTF8.GetBytes(token)) < 0, "The access token is in the database file in plaintext.");
        Assert.DoesNotContain(token, app.Logs.AllText, StringComparison.Ordinal);

        var audit = await actor.Scope.ServiceProvider.GetRequiredService<IAuditTrail>().RecentAsync(10);
        Assert.Contains(audit, e => e.Action == AuditAction.SessionConnected && e.AccountId == account.Id);
        Assert.Contains(audit, e => e.Action == AuditAction.SecretRevealed && e.Summary.Contains("session access token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replayed_callback_is_refused_and_changes_nothing()
    {
        await using var actor = await NewActorAsync();
        var account = await AddSandboxAccountAsync(actor);
        var (state, status, requestToken) = await LogInAtSandboxAsync(await actor.Sessions.BeginPopupLoginAsync(account.Id));
        Assert.True((await actor.Sessions.CompleteZerodhaLoginAsync(state, status, requestToken)).Succeeded);
        var token = await actor.Sessions.RevealAccessTokenAsync(account.Id);

        var replay = await actor.Sessions.CompleteZerodhaLoginAsync(state, status, requestToken);

        Assert.Equal(LoginOutcomeKind.InvalidState, replay.Outcome);
        Assert.Contains("already used once", replay.Message, StringComparison.Ordinal);
        Assert.Equal(token, await actor.Sessions.RevealAccessTokenAsync(account.Id));
        Assert.Single(await actor.Sessions.GetHistoryAsync(account.Id));
    }

    [Fact]
    public async Task Forged_or_missing_state_is_refused()
    {
        await using var actor = await NewActorAsync();
        var account = await AddSandboxAccountAsync(actor);
        foreach (var forged in new[] { null, "", "made-up-state", new string('x', 500) })
        {
            var result = await actor.Sessions.CompleteZerodhaLoginAsync(forged, "success", "whatever");
            Assert.Equal(LoginOutcomeKind.InvalidState, result.Outcome);
        }

        Assert.Equal(SessionState.None, (await actor.Sessions.GetViewAsync(account.Id)).State);
    }

    [Fact]
    public async Task Another_users_state_is_refused_without_burning_it()
    {
        await using var alice = await NewActorAsync();
        await using var mallory = await NewActorAsync();
        var account = await AddSandboxAccountAsync(alice);
        var (state, status, requestToken) = await LogInAtSandboxAsync(await alice.Sessions.BeginPopupLoginAsync(account.Id));

        var stolen = await mallory.Sessions.CompleteZerodhaLoginAsync(state, status, requestToken);
        Assert.Equal(LoginOutcomeKind.InvalidState, stolen.Outcome);
        Assert.Null(stolen.AccountId);

        Assert.True((await alice.Sessions.CompleteZerodhaLoginAsync(state, status, requestToken)).Succeeded);
    }

    [Fact]
    public async Task Login_taking_longer_than_the_attempt_lifetime_is_refused()
    {
        await using var actor = await NewActorAsync();
        var account = await AddSandboxAccountAsync(actor);
        var loginUri = await actor.Sessions.BeginPopupLoginAsync(account.Id);
        var (state, status, requestToken) = await LogInAtSandboxAsync(loginUri);
        app.Clock.Advance(TimeSpan.FromMinutes(11));

        var result = await actor.Sessions.CompleteZerodhaLoginAsync(state, status, requestToken);

        Assert.Equal(LoginOutcomeKind.InvalidState, result.Outcome);
        Assert.Contains("took longer than 10 minutes", result.Message, StringComparison.Ordinal);
        Assert.Equal(SessionState.None, (await actor.Sessions.GetViewAsync(account.Id)).State);
    }

    [Fact]
    public async Task Cancelled_login_reports_cancelled_and_stores_nothing()
    {
        await using var actor = await NewActorAsync();
        var account = await AddSandboxAccountAsync(actor);
        var (state, status, requestToken) = await LogInAtSandboxAsync(await actor.Sessions.BeginPopupLoginAsync(account.Id), action: "cancel");
        Assert.Null(requestToken);

        var result = await actor.Sessions.CompleteZerodhaLoginAsync(state, status, requestToken);

        Assert.Equal(LoginOutcomeKind.Cancelled, result.Outcome);
        Assert.Empty(await actor.Sessions.GetHistoryAsync(account.Id));
    }

    [Fact]
    public async Task Wrong_api_secret_fails_the_exchange_with_advice_and_keeps_the_previous_session()
    {
        await using var actor = await NewActorAsync();
        var account = await AddSandboxAccountAsync(actor);
        Assert.True((await ConnectAsync(actor, account.Id)).Succeeded);
        var token = await actor.Sessions.RevealAccessTokenAsync(account.Id);

        var draft = await actor.Accounts.GetDraftAsync(account.Id);
        draft.ApiSecret = "not-the-right-secret";
        await actor.Accounts.UpdateAsync(account.Id, draft);
        var result = await ConnectAsync(actor, account.Id);

        Assert.Equal(LoginOutcomeKind.ExchangeFailed, result.Outcome);
        Assert.Contains("the API secret is wrong for this API key", result.Message, StringComparison.Ordinal);
        Assert.Equal(SessionState.Active, (await actor.Sessions.GetViewAsync(account.Id)).State);
        Assert.Equal(token, await actor.Sessions.RevealAccessTokenAsync(account.Id));
    }

    [Fact]
    public async Task A_new_login_replaces_the_previous_session_and_keeps_history()
    {
        await using var actor = await NewActorAsync();
        var account = await AddSandboxAccountAsync(actor);
        Assert.True((await ConnectAsync(actor, account.Id)).Succeeded);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await ConnectAsync(actor, account.Id)).Succeeded);

        var history = await actor.Sessions.GetHistoryAsync(account.Id);
        Assert.Equal([SessionStatus.Active, SessionStatus.Replaced], history.Select(h => h.Status));
    }

    [Fact]
    public async Task Broker_side_invalidation_marks_the_session_expired_and_tells_open_tabs()
    {
        await using var actor = await NewActorAsync();
        var account = await AddSandboxAccountAsync(actor);
        Assert.True((await ConnectAsync(actor, account.Id)).Succeeded);
        var changes = new List<SessionChange>();
        using var subscription = app.Services.GetRequiredService<UserEventHub<SessionChange>>().Subscribe(actor.UserId, c => { changes.Add(c); return Task.CompletedTask; });

        await app.Sandbox.ControlAsync("tokens/expire", new { access_token = await actor.Sessions.RevealAccessTokenAsync(account.Id) });
        var test = await actor.Sessions.TestConnectionAsync(account.Id);

        Assert.False(test.Succeeded);
        Assert.Equal(SessionState.Expired, test.StateAfter);
        Assert.Equal(SessionState.Expired, (await actor.Sessions.GetViewAsync(account.Id)).State);
        Assert.Contains(changes, c => c.AccountId == account.Id && c.Kind == SessionChangeKind.Expired);
        Assert.Equal(SessionStatus.Expired, (await actor.Sessions.GetHistoryAsync(account.Id))[0].Status);
    }

    [Fact]
    public async Task Passing_0600_ist_expires_the_session_without_calling_the_broker()
    {
        await using var actor = await NewActorAsync();
        var account = await AddSandboxAccountAsync(actor);
        Assert.True((await ConnectAsync(actor, account.Id)).Succeeded);
        var expiresAt = (await actor.Sessions.GetViewAsync(account.Id)).ExpiresAt!.Value;

        app.Clock.Advance(expiresAt - app.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        // Any broker call would now fail loudly: a fault is queued for the next call.
        await app.Sandbox.ControlAsync("faults", new { count = 1, status = 500, error_type = "GeneralException", message = "should not be called" });

        Assert.Equal(SessionState.Expired, (await actor.Sessions.GetViewAsync(account.Id)).State);
        await Assert.ThrowsAsync<NoActiveSessionException>(() => actor.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetProfileAsync(ct)));
        Assert.Equal(SessionStatus.Expired, (await actor.Sessions.GetHistoryAsync(account.Id))[0].Status);
        await app.Sandbox.ControlAsync("reset", new { });
    }

    [Fact]
    public async Task Server_errors_mark_a_connection_issue_not_expiry()
    {
        await using var actor = await NewActorAsync();
        var account = await AddSandboxAccountAsync(actor);
        Assert.True((await ConnectAsync(actor, account.Id)).Succeeded);

        await app.Sandbox.ControlAsync("faults", new { count = 1, status = 503, error_type = "NetworkException", message = "OMS down", path_prefix = "/sandbox/kite/user/profile" });
        var test = await actor.Sessions.TestConnectionAsync(account.Id);

        Assert.False(test.Succeeded);
        Assert.Contains("try again shortly", test.Message, StringComparison.Ordinal);
        var view = await actor.Sessions.GetViewAsync(account.Id);
        Assert.Equal(SessionState.Active, view.State);
        Assert.Equal(SessionHealth.ConnectionIssue, view.Health);

        Assert.True((await actor.Sessions.TestConnectionAsync(account.Id)).Succeeded);
        Assert.Equal(SessionHealth.Healthy, (await actor.Sessions.GetViewAsync(account.Id)).Health);
    }

    [Fact]
    public async Task Permission_error_is_shown_as_error_not_expiry()
    {
        await using var actor = await NewActorAsync();
        var account = await AddSandboxAccountAsync(actor);
        Assert.True((await ConnectAsync(actor, account.Id)).Succeeded);

        await app.Sandbox.ControlAsync("faults", new { count = 1, status = 403, error_type = "PermissionException", message = "Insufficient permission for that call.", path_prefix = "/sandbox/kite/user/profile" });
        var test = await actor.Sessions.TestConnectionAsync(account.Id);

        Assert.Equal(SessionState.Error, test.StateAfter);
        Assert.Contains("Logging in again will not help", test.Message, StringComparison.Ordinal);
        Assert.Equal(SessionState.Error, (await actor.Sessions.GetViewAsync(account.Id)).State);
    }

    [Fact]
    public async Task Disconnect_invalidates_the_token_at_the_broker_and_here()
    {
        await using var actor = await NewActorAsync();
        var account = await AddSandboxAccountAsync(actor);
        Assert.True((await ConnectAsync(actor, account.Id)).Succeeded);
        var token = await actor.Sessions.RevealAccessTokenAsync(account.Id);

        var outcome = await actor.Sessions.DisconnectAsync(account.Id);

        Assert.Equal("the token was invalidated at Zerodha", outcome);
        var (status, body) = await app.Sandbox.GetAsync("user/profile", token);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("TokenException", body.GetProperty("error_type").GetString());
        Assert.Equal(SessionState.None, (await actor.Sessions.GetViewAsync(account.Id)).State);
        Assert.Equal(SessionStatus.LoggedOut, (await actor.Sessions.GetHistoryAsync(account.Id))[0].Status);
        await Assert.ThrowsAsync<NoActiveSessionException>(() => actor.Sessions.DisconnectAsync(account.Id));
    }

    [Fact]
    public async Task Login_as_a_different_zerodha_user_is_refused_and_the_token_discarded()
    {
        await using var actor = await NewActorAsync();
        var account = await actor.Accounts.CreateAsync(new AccountDraft
        {
            Broker = BrokerKind.Zerodha,
            DisplayName = "Other user",
            ClientId = "ZZ9999",
            Environment = AccountEnvironment.Sandbox,
            ApiKey = KiteSandboxHost.ApiKey,
            ApiSecret = KiteSandboxHost.ApiSecret,
            RedirectUrl = KiteSandboxHost.RedirectUrl,
        });

        var result = await ConnectAsync(actor, account.Id);

        Assert.Equal(LoginOutcomeKind.ExchangeFailed, result.Outcome);
        Assert.Contains($"You logged in to Zerodha as {KiteSandboxHost.UserId}, but this account is ZZ9999", result.Message, StringComparison.Ordinal);
        Assert.Empty(await actor.Sessions.GetHistoryAsync(account.Id));
    }

    [Fact]
    public async Task Session_paths_are_isolated_between_users()
    {
        await using var alice = await NewActorAsync();
        await using var bob = await NewActorAsync();
        var account = await AddSandboxAccountAsync(alice);
        Assert.True((await ConnectAsync(alice, account.Id)).Succeeded);

        await Assert.ThrowsAsync<AccountNotFoundException>(() => bob.Sessions.GetViewAsync(account.Id));
        await Assert.ThrowsAsync<AccountNotFoundException>(() => bob.Sessions.GetHistoryAsync(account.Id));
        await Assert.ThrowsAsync<AccountNotFoundException>(() => bob.Sessions.BeginPopupLoginAsync(account.Id));
        await Assert.ThrowsAsync<AccountNotFoundException>(() => bob.Sessions.TestConnectionAsync(account.Id));
        await Assert.ThrowsAsync<AccountNotFoundException>(() => bob.Sessions.DisconnectAsync(account.Id));
        await Assert.ThrowsAsync<AccountNotFoundException>(() => bob.Sessions.RevealAccessTokenAsync(account.Id));
        await Assert.ThrowsAsync<AccountNotFoundException>(() => bob.Sessions.CallBrokerAsync(account.Id, (c, ct) => c.GetProfileAsync(ct)));
        Assert.DoesNotContain(account.Id, (await bob.Sessions.GetViewsAsync()).Keys);
        Assert.Equal(SessionState.Active, (await alice.Sessions.GetViewAsync(account.Id)).State);
    }
}

/// <summary><see cref="ZerodhaSessionFlowTests"/> on SQLite, the default provider.</summary>
public sealed class ZerodhaSessionFlowTestsOnSqlite(SharedApp<KiteSandbox> app) : ZerodhaSessionFlowTests(app), IClassFixture<SharedApp<KiteSandbox>>;

/// <summary><see cref="ZerodhaSessionFlowTests"/> on PostgreSQL.</summary>
public sealed class ZerodhaSessionFlowTestsOnPostgres(SharedApp<KiteSandboxOnPostgres> app) : ZerodhaSessionFlowTests(app), IClassFixture<SharedApp<KiteSandboxOnPostgres>>;
