using System.Net;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Notifications;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Sessions.Monitoring;

/// <summary>The sweep against the hosted Kite sandbox over real HTTP, driven by the control surface and the fake clock.</summary>
[Collection(MonitoringGroup.Name)]
public sealed class SessionSweepTests(SharedApp<MonitoredSandbox> app) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        // The sweep covers every user's sessions; each test starts from none and a clean sandbox.
        await app.ForgetAllSessionsAsync();
        await app.ResetSandboxAsync();
    }

    public Task DisposeAsync() => app.ResetSandboxAsync();

    private static async Task<List<NotificationView>> NotificationsOfAsync(MonitoredActor actor) =>
        [.. await actor.Get<INotificationService>().ListAsync()];

    [Fact]
    public async Task Sweep_healthy_session_records_healthy_and_checked_time()
    {
        await using var actor = await app.NewActorAsync();
        var account = await actor.AddConnectedAccountAsync();
        await app.ResetSandboxAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(5));

        var summary = await app.Sweeper.SweepAsync();

        Assert.Equal(1, summary.Checked);
        Assert.Equal(1, summary.Healthy);
        Assert.Equal(1, summary.BrokerCalls);
        var session = await actor.ActiveSessionAsync(account.Id);
        Assert.Equal(SessionHealth.Healthy, session.Health);
        Assert.Equal(app.Clock.GetUtcNow(), session.LastCheckedAt);
        Assert.Empty(await NotificationsOfAsync(actor));
    }

    [Fact]
    public async Task Sweep_past_0600_ist_expires_by_the_clock_without_a_broker_call()
    {
        await using var actor = await app.NewActorAsync();
        var account = await actor.AddConnectedAccountAsync();
        using var changes = Subscribe(actor);
        var expiresAt = (await actor.ActiveSessionAsync(account.Id)).ExpiresAt;
        app.Clock.Advance(expiresAt - app.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        // Any broker call would now fail loudly; the fault must still be queued after the sweep.
        await app.Sandbox.ControlAsync("faults", new { count = 1, status = 500, error_type = "GeneralException", message = "should not be called" });

        var summary = await app.Sweeper.SweepAsync();

        Assert.Equal(1, summary.Expired);
        Assert.Equal(0, summary.BrokerCalls);
        var session = await actor.LatestSessionAsync(account.Id);
        Assert.Equal(SessionStatus.Expired, session.Status);
        Assert.Null(session.AccessTokenCiphertext);
        Assert.Contains("06:00:00 IST", session.EndReason, StringComparison.Ordinal);
        Assert.Equal(SessionState.Expired, (await actor.Sessions.GetViewAsync(account.Id)).State);
        var notification = Assert.Single(await NotificationsOfAsync(actor));
        Assert.Equal(NotificationKind.SessionExpired, notification.Kind);
        Assert.Contains(changes.Items, c => c.AccountId == account.Id && c.Kind == SessionChangeKind.Expired);
        using var stillQueued = await app.Sandbox.SendAsync(HttpMethod.Get, "user/profile", "any-token");
        Assert.Equal(HttpStatusCode.InternalServerError, stillQueued.StatusCode);
    }

    [Fact]
    public async Task Sweep_after_broker_side_invalidation_expires_notifies_once_and_publishes()
    {
        await using var actor = await app.NewActorAsync();
        var account = await actor.AddConnectedAccountAsync();
        var token = await actor.Sessions.RevealAccessTokenAsync(account.Id);
        using var changes = Subscribe(actor);
        await app.Sandbox.ControlAsync("tokens/expire", new { access_token = token });

        var summary = await app.Sweeper.SweepAsync();
        var second = await app.Sweeper.SweepAsync();

        Assert.Equal(1, summary.Expired);
        Assert.Equal(0, second.Checked);
        var session = await actor.LatestSessionAsync(account.Id);
        Assert.Equal(SessionStatus.Expired, session.Status);
        Assert.Contains("TokenException", session.EndReason, StringComparison.Ordinal);
        var notification = Assert.Single(await NotificationsOfAsync(actor));
        Assert.Equal(NotificationKind.SessionExpired, notification.Kind);
        Assert.Equal(account.Id, notification.AccountId);
        Assert.True(notification.OffersReconnect);
        Assert.Single(changes.Items, c => c.AccountId == account.Id && c.Kind == SessionChangeKind.Expired);
        Assert.DoesNotContain(token, app.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(token, notification.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> TransientFailures => ["500", "503", "429", "timeout"];

    [Theory]
    [MemberData(nameof(TransientFailures))]
    public async Task Sweep_during_transient_failure_marks_connection_issue_then_recovers(string failure)
    {
        await using var actor = await app.NewActorAsync();
        var account = await actor.AddConnectedAccountAsync();
        await app.ResetSandboxAsync();
        using var changes = Subscribe(actor);
        if (failure == "timeout")
        {
            // Real wall-clock delay beyond the fixture's 3 s CallTimeout (generous: the client-side limiter may queue a call for up to a second).
            await app.Sandbox.ControlAsync("latency", new { milliseconds = 4500, path_prefix = "/user/profile" });
        }
        else
        {
            var status = int.Parse(failure, System.Globalization.CultureInfo.InvariantCulture);
            await app.Sandbox.ControlAsync("faults", new
            {
                count = 1,
                status,
                error_type = "NetworkException",
                message = status == 429 ? "Too many requests" : "OMS down",
                path_prefix = "/user/profile",
            });
        }

        var failed = await app.Sweeper.SweepAsync();

        Assert.Equal(1, failed.ConnectionIssues);
        Assert.Equal(0, failed.Expired);
        var session = await actor.ActiveSessionAsync(account.Id);
        Assert.Equal(SessionStatus.Active, session.Status);
        Assert.Equal(SessionHealth.ConnectionIssue, session.Health);
        Assert.False(string.IsNullOrWhiteSpace(session.LastError));
        Assert.NotNull(session.AccessTokenCiphertext);
        Assert.Equal(SessionState.Active, (await actor.Sessions.GetViewAsync(account.Id)).State);
        Assert.Contains(changes.Items, c => c.Kind == SessionChangeKind.HealthChanged);
        Assert.Empty(await NotificationsOfAsync(actor));

        await app.ResetSandboxAsync();
        var recovered = await app.Sweeper.SweepAsync();

        Assert.Equal(1, recovered.Healthy);
        session = await actor.ActiveSessionAsync(account.Id);
        Assert.Equal(SessionHealth.Healthy, session.Health);
        Assert.Null(session.LastError);
    }

    [Fact]
    public async Task Sweep_with_an_unresponsive_broker_stops_calling_it_after_a_run_of_timeouts()
    {
        var actors = new List<MonitoredActor>();
        try
        {
            for (var u = 0; u < 3; u++)
            {
                var actor = await app.NewActorAsync();
                actors.Add(actor);
                for (var a = 0; a < MonitoredSandbox.AppCount; a++)
                {
                    await actor.AddConnectedAccountAsync(a);
                }
            }

            await app.ResetSandboxAsync();
            // Every profile call now hangs past the fixture's 3 s CallTimeout.
            await app.Sandbox.ControlAsync("latency", new { milliseconds = 4500, path_prefix = "/user/profile" });

            var hung = await app.Sweeper.SweepAsync();

            Assert.Equal(18, hung.Checked);
            Assert.True(hung.ConnectionIssues == 18, hung.ToString());
            Assert.Equal(0, hung.Expired);
            // After 8 (MaxParallelism) calls in a row without an answer the rest are not called: no 18 × 3 s crawl.
            Assert.InRange(hung.BrokerCalls, 8, 15);
            Assert.True(hung.Duration < TimeSpan.FromSeconds(12), hung.ToString());
            var owners = actors.Select(a => a.UserId).ToList();
            var stillActive = await app.WithDbAsync(db => db.BrokerSessions.CountAsync(s => owners.Contains(s.OwnerId) && s.Status == SessionStatus.Active && s.Health == SessionHealth.ConnectionIssue));
            Assert.Equal(18, stillActive);

            await app.ResetSandboxAsync();
            var recovered = await app.Sweeper.SweepAsync();

            Assert.True(recovered.Healthy == 18, recovered.ToString());
        }
        finally
        {
            foreach (var actor in actors)
            {
                await actor.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Sweep_with_one_broken_and_one_expired_account_still_checks_the_others()
    {
        await using var actor = await app.NewActorAsync();
        var healthy = await actor.AddConnectedAccountAsync(0);
        var expired = await actor.AddConnectedAccountAsync(1);
        var broken = await actor.AddConnectedAccountAsync(2);
        var alsoHealthy = await actor.AddConnectedAccountAsync(3);
        await app.Sandbox.ControlAsync("tokens/expire", new { access_token = await actor.Sessions.RevealAccessTokenAsync(expired.Id) });
        // A token that no longer decrypts: the check of this account fails inside the app, not at the broker.
        await app.WithDbAsync(db => db.BrokerSessions.Where(s => s.AccountId == broken.Id && s.Status == SessionStatus.Active)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.AccessTokenCiphertext, "not-a-ciphertext")));
        await app.ResetSandboxAsync();

        var summary = await app.Sweeper.SweepAsync();

        Assert.Equal(4, summary.Checked);
        Assert.Equal(2, summary.Healthy);
        Assert.Equal(1, summary.Expired);
        Assert.Equal(1, summary.Errors);
        Assert.Equal(SessionHealth.Healthy, (await actor.ActiveSessionAsync(healthy.Id)).Health);
        Assert.Equal(SessionHealth.Healthy, (await actor.ActiveSessionAsync(alsoHealthy.Id)).Health);
        Assert.Equal(SessionStatus.Expired, (await actor.LatestSessionAsync(expired.Id)).Status);
        Assert.Equal(SessionHealth.Error, (await actor.ActiveSessionAsync(broken.Id)).Health);
        Assert.Equal(SessionState.Error, (await actor.Sessions.GetViewAsync(broken.Id)).State);
    }

    [Fact]
    public async Task Sweep_over_fifty_accounts_of_ten_users_checks_every_one()
    {
        var actors = new List<MonitoredActor>();
        try
        {
            for (var u = 0; u < 10; u++)
            {
                var actor = await app.NewActorAsync();
                actors.Add(actor);
                for (var a = 0; a < 5; a++)
                {
                    await actor.AddConnectedAccountAsync(a);
                }
            }

            await app.ResetSandboxAsync();
            var summary = await app.Sweeper.SweepAsync();

            Assert.Equal(50, summary.Checked);
            Assert.True(summary.Healthy == 50, summary.ToString());
            Assert.Equal(50, summary.BrokerCalls);
            var unhealthy = await app.WithDbAsync(db => db.BrokerSessions.CountAsync(s => s.Status == SessionStatus.Active && s.Health != SessionHealth.Healthy));
            Assert.Equal(0, unhealthy);
            Assert.Contains(app.Logs.Lines, l => l.Contains("Session sweep: 50 checked, 50 healthy, 0 expired", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var actor in actors)
            {
                await actor.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Sweep_under_the_warning_threshold_notifies_refresh_soon_once()
    {
        await using var actor = await app.NewActorAsync();
        var account = await actor.AddConnectedAccountAsync();
        using var changes = Subscribe(actor);
        var expiresAt = (await actor.ActiveSessionAsync(account.Id)).ExpiresAt;
        app.Clock.Advance(expiresAt - app.Clock.GetUtcNow() - TimeSpan.FromMinutes(90));
        await app.ResetSandboxAsync();

        var first = await app.Sweeper.SweepAsync();
        await app.ResetSandboxAsync();
        var second = await app.Sweeper.SweepAsync();

        Assert.Equal(1, first.Warned);
        Assert.Equal(0, second.Warned);
        var notification = Assert.Single(await NotificationsOfAsync(actor));
        Assert.Equal(NotificationKind.SessionExpiringSoon, notification.Kind);
        Assert.Contains("1h 30m left", notification.Message, StringComparison.Ordinal);
        Assert.Equal(1, await actor.Get<INotificationService>().UnreadCountAsync());
        Assert.Single(changes.Items, c => c.Kind == SessionChangeKind.ExpiringSoon);
        Assert.Equal(SessionStatus.Active, (await actor.ActiveSessionAsync(account.Id)).Status);
    }

    [Fact]
    public async Task Sweep_logs_one_summary_line_without_tokens()
    {
        await using var actor = await app.NewActorAsync();
        var account = await actor.AddConnectedAccountAsync();
        var token = await actor.Sessions.RevealAccessTokenAsync(account.Id);
        await app.ResetSandboxAsync();
        var before = app.Logs.Lines.Count(l => l.Contains("Session sweep:", StringComparison.Ordinal));

        await app.Sweeper.SweepAsync();

        var after = app.Logs.Lines.Count(l => l.Contains("Session sweep:", StringComparison.Ordinal));
        Assert.Equal(before + 1, after);
        Assert.DoesNotContain(token, app.Logs.AllText, StringComparison.Ordinal);
    }

    private Recorder Subscribe(MonitoredActor actor)
    {
        var recorder = new Recorder();
        recorder.Subscription = app.Services.GetRequiredService<UserEventHub<SessionChange>>().Subscribe(actor.UserId, c =>
        {
            lock (recorder.Items)
            {
                recorder.Items.Add(c);
            }

            return Task.CompletedTask;
        });
        return recorder;
    }

    private sealed class Recorder : IDisposable
    {
        public List<SessionChange> Items { get; } = [];

        public IDisposable? Subscription { get; set; }

        public void Dispose() => Subscription?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class MonitoringGroup : ICollectionFixture<SharedApp<MonitoredSandbox>>
{
    public const string Name = "Monitoring";
}
