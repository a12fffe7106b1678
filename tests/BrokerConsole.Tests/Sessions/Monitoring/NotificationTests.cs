using System.Net;
using System.Text.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Notifications;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Tests.Sessions.Monitoring;

/// <summary>Stored notifications: per-user isolation, dismissal, retention, and the anonymous /healthz.</summary>
[Collection(MonitoringGroup.Name)]
public sealed class NotificationTests(SharedApp<MonitoredSandbox> app) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await app.ForgetAllSessionsAsync();
        await app.ResetSandboxAsync();
    }

    public Task DisposeAsync() => app.ResetSandboxAsync();

    private async Task<Guid> ExpireByBrokerAsync(MonitoredActor actor, AccountSummary account)
    {
        await app.Sandbox.ControlAsync("tokens/expire", new { access_token = await actor.Sessions.RevealAccessTokenAsync(account.Id) });
        await app.Sweeper.SweepAsync();
        return Assert.Single(await actor.Get<INotificationService>().ListAsync()).Id;
    }

    [Fact]
    public async Task Notifications_of_another_user_are_invisible_and_behave_as_not_found()
    {
        await using var alice = await app.NewActorAsync();
        await using var bob = await app.NewActorAsync();
        var account = await alice.AddConnectedAccountAsync();
        var aliceNotification = await ExpireByBrokerAsync(alice, account);
        var bobs = bob.Get<INotificationService>();

        Assert.Empty(await bobs.ListAsync());
        Assert.Equal(0, await bobs.UnreadCountAsync());
        await Assert.ThrowsAsync<NotificationNotFoundException>(() => bobs.DismissAsync(aliceNotification));
        Assert.Equal(0, await bobs.DismissAllAsync());
        await bobs.MarkAllReadAsync();

        var alices = alice.Get<INotificationService>();
        Assert.Equal(1, await alices.UnreadCountAsync());
        Assert.Single(await alices.ListAsync());
    }

    [Fact]
    public async Task Dismiss_hides_a_notification_and_read_clears_the_unread_count()
    {
        await using var actor = await app.NewActorAsync();
        var account = await actor.AddConnectedAccountAsync();
        var id = await ExpireByBrokerAsync(actor, account);
        var notifications = actor.Get<INotificationService>();
        var changes = new List<SessionChange>();
        using var subscription = app.Services.GetService(typeof(UserEventHub<SessionChange>)) is UserEventHub<SessionChange> notifier
            ? notifier.Subscribe(actor.UserId, c => { changes.Add(c); return Task.CompletedTask; })
            : null;

        await notifications.MarkAllReadAsync();
        Assert.Equal(0, await notifications.UnreadCountAsync());
        Assert.True(Assert.Single(await notifications.ListAsync()).IsRead);

        await notifications.DismissAsync(id);
        Assert.Empty(await notifications.ListAsync());
        await Assert.ThrowsAsync<NotificationNotFoundException>(() => notifications.DismissAsync(id));
        Assert.Contains(changes, c => c.Kind == SessionChangeKind.NotificationsChanged);
    }

    [Fact]
    public async Task Sweep_deletes_old_login_attempts_and_long_dismissed_notifications_but_keeps_history()
    {
        await using var actor = await app.NewActorAsync();
        var account = await actor.AddConnectedAccountAsync();
        var oldNotification = await ExpireByBrokerAsync(actor, account);
        await actor.Get<INotificationService>().DismissAsync(oldNotification);
        var attemptsBefore = await app.WithDbAsync(db => db.LoginAttempts.CountAsync(a => a.AccountId == account.Id));
        Assert.Equal(1, attemptsBefore);

        app.Clock.Advance(TimeSpan.FromDays(31));
        // A newer dismissed notification must survive the same cleanup.
        var second = await actor.AddConnectedAccountAsync(1);
        var recent = await ExpireByBrokerAsync(actor, second);
        await actor.Get<INotificationService>().DismissAsync(recent);

        await app.Sweeper.SweepAsync();

        var remaining = await app.WithDbAsync(db => db.Notifications.Where(n => n.OwnerId == actor.UserId).Select(n => n.Id).ToListAsync());
        Assert.Equal([recent], remaining);
        Assert.Equal(0, await app.WithDbAsync(db => db.LoginAttempts.CountAsync(a => a.AccountId == account.Id)));
        Assert.Equal(1, await app.WithDbAsync(db => db.LoginAttempts.CountAsync(a => a.AccountId == second.Id)));
        var history = await actor.Sessions.GetHistoryAsync(account.Id);
        Assert.Equal(SessionStatus.Expired, Assert.Single(history).Status);
        Assert.Equal(0, await app.WithDbAsync(db => db.BrokerSessions.CountAsync(s => s.Status != SessionStatus.Active && s.AccessTokenCiphertext != null)));
    }

    [Fact]
    public async Task Test_connection_meeting_an_expired_token_stores_the_same_expiry_notification()
    {
        await using var actor = await app.NewActorAsync();
        var account = await actor.AddConnectedAccountAsync();
        await app.Sandbox.ControlAsync("tokens/expire", new { access_token = await actor.Sessions.RevealAccessTokenAsync(account.Id) });

        var test = await actor.Sessions.TestConnectionAsync(account.Id);

        Assert.Equal(SessionState.Expired, test.StateAfter);
        var notification = Assert.Single(await actor.Get<INotificationService>().ListAsync());
        Assert.Equal(NotificationKind.SessionExpired, notification.Kind);
        Assert.Equal(account.Id, notification.AccountId);
        // The sweep that follows finds nothing left to expire and adds nothing.
        var summary = await app.Sweeper.SweepAsync();
        Assert.Equal(0, summary.Checked);
        Assert.Single(await actor.Get<INotificationService>().ListAsync());
    }

    [Fact]
    public async Task Reconnecting_the_account_dismisses_its_expiry_notification()
    {
        await using var actor = await app.NewActorAsync();
        var account = await actor.AddConnectedAccountAsync();
        var other = await actor.AddConnectedAccountAsync(1);
        await app.Sandbox.ControlAsync("tokens/expire", new { access_token = await actor.Sessions.RevealAccessTokenAsync(account.Id) });
        await app.Sandbox.ControlAsync("tokens/expire", new { access_token = await actor.Sessions.RevealAccessTokenAsync(other.Id) });
        await app.Sweeper.SweepAsync();
        var notifications = actor.Get<INotificationService>();
        Assert.Equal(2, (await notifications.ListAsync()).Count);

        await actor.ConnectAsync(account);

        var left = Assert.Single(await notifications.ListAsync());
        Assert.Equal(other.Id, left.AccountId);
        Assert.Equal(SessionState.Active, (await actor.Sessions.GetViewAsync(account.Id)).State);
    }

    [Fact]
    public async Task Healthz_is_anonymous_json_with_database_keyring_and_monitor_details_on_loopback()
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await app.Sweeper.SweepAsync();

        // From the same machine, as an operator's monitor would ask: a remote anonymous caller sees statuses only (HealthDisclosureTests).
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/healthz", UriKind.Relative)).From("127.0.0.1");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("Healthy", root.GetProperty("status").GetString());
        var checks = root.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("keyring").GetProperty("status").GetString());
        var monitor = checks.GetProperty("session-monitor");
        Assert.Equal("Healthy", monitor.GetProperty("status").GetString());
        Assert.True(monitor.GetProperty("data").TryGetProperty("lastSweepAt", out _));
    }
}
