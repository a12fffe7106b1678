using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Tests.Events;
using BrokerConsole.Tests.Sandbox.Kite;
using BrokerConsole.Tests.Scheduling;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace BrokerConsole.Tests.Persistence;

/// <summary>
/// Live updates across two nodes on one PostgreSQL database (LISTEN/NOTIFY): what is published on node A reaches the
/// user's subscribers on node B exactly once, and on A exactly once (its own echo skipped), and nobody else's. "Exactly
/// once" is checked after <see cref="SettleAsync"/>: notifications reach a listener in commit order, so once each node saw
/// a marker the other sent afterwards, every earlier event and any duplicate of it has already been delivered.
/// </summary>
public sealed class CrossNodeEventsOnPostgresTests : IAsyncLifetime
{
    private static readonly TimeSpan _guard = TimeSpan.FromSeconds(30);
    private readonly string _database = PostgresCluster.CreateDatabase();
    private TestApp _a = null!;
    private TestApp _b = null!;

    public async Task InitializeAsync()
    {
        _a = await Node().WithSandbox().WithSandboxBroker(BrokerKind.Zerodha).StartAsync();
        _ = _a.Services; // migrates the shared database once, before the second node starts
        _b = await Node().AsSecondNodeOf(_a, BrokerKind.Zerodha).StartAsync();
        // Both listen before anything is published: a notification sent before a LISTEN is not delivered to it.
        await Task.WhenAll(Status(_a).WaitForConnectionsAsync(1), Status(_b).WaitForConnectionsAsync(1)).WaitAsync(_guard);
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        PostgresCluster.DropDatabase(_database);
    }

    private AppFixture Node() => AppFixture.Create()
        .OnPostgres(_database)
        .WithSetting("Scheduling:Enabled", "false")
        .WithSetting("Brokers:Zerodha:ReadRetryCount", "0");

    private static CrossNodeEventStatus Status(TestApp node) => node.Get<CrossNodeEventStatus>();

    private static UserEventHub<T> Hub<T>(TestApp node)
        where T : notnull => node.Get<UserEventHub<T>>();

    /// <summary>A marker from A seen on B, then one from B seen on A: everything published before has been delivered everywhere.</summary>
    private async Task SettleAsync()
    {
        foreach (var (from, to) in new[] { (_a, _b), (_b, _a) })
        {
            var marker = "marker-" + Guid.NewGuid().ToString("N");
            using var seen = new EventRecorder<SessionChange>(Hub<SessionChange>(to), marker);
            await Hub<SessionChange>(from).PublishAsync(marker, new SessionChange(Guid.NewGuid(), SessionChangeKind.NotificationsChanged, "marker"));
            await seen.WaitUntilAsync(e => e.Count > 0, "the settling marker");
        }
    }

    [Fact]
    public async Task A_login_completed_on_node_A_reaches_the_owners_subscribers_on_both_nodes_once_and_nobody_else()
    {
        await using var owner = await _a.NewTraderAsync();
        await using var stranger = await _a.NewTraderAsync();
        using var onA = new EventRecorder<SessionChange>(Hub<SessionChange>(_a), owner.UserId);
        using var onB = new EventRecorder<SessionChange>(Hub<SessionChange>(_b), owner.UserId);
        using var strangerOnB = new EventRecorder<SessionChange>(Hub<SessionChange>(_b), stranger.UserId);

        // The popup login completes on node A (the trader's scope is A's): the card of a tab on B must turn green.
        var account = await _a.AddKiteAccountAsync(owner, "Kite on A");
        await onB.WaitForAsync(c => c.AccountId == account && c.Kind == SessionChangeKind.Connected, "Connected on node B");
        await SettleAsync();

        Assert.Single(onA.Events, c => c.AccountId == account && c.Kind == SessionChangeKind.Connected);
        Assert.Single(onB.Events, c => c.AccountId == account && c.Kind == SessionChangeKind.Connected);
        // B received exactly what A's own tabs did, in the same order, message included (not a reload hint).
        Assert.Equal(onA.Events, onB.Events);
        Assert.Empty(strangerOnB.Events);
    }

    [Fact]
    public async Task An_order_update_from_a_postback_on_node_A_reaches_the_owners_subscribers_on_both_nodes_once()
    {
        await using var owner = await _a.NewTraderWithSessionAsync(connect: false);
        await using var stranger = await _a.NewTraderAsync();
        using var onA = new EventRecorder<OrderUpdate>(Hub<OrderUpdate>(_a), owner.UserId);
        using var onB = new EventRecorder<OrderUpdate>(Hub<OrderUpdate>(_b), owner.UserId);
        using var strangerOnB = new EventRecorder<OrderUpdate>(Hub<OrderUpdate>(_b), stranger.UserId);
        const string orderId = "251124000077001";
        var timestamp = _a.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(5.5)).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(orderId + timestamp + KiteSandboxHost.ApiSecret)));

        using var client = _a.CreateClient();
        using var response = await client.PostAsJsonAsync("/postbacks/zerodha", new Dictionary<string, object>
        {
            ["user_id"] = KiteSandboxHost.UserId,
            ["app_id"] = 1,
            ["order_id"] = orderId,
            ["order_timestamp"] = timestamp,
            ["checksum"] = checksum,
            ["status"] = "COMPLETE",
            ["tradingsymbol"] = "INFY",
            ["exchange"] = "NSE",
            ["quantity"] = 1,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await onB.WaitForAsync(u => u.OrderId == orderId, "the order update on node B");
        await SettleAsync();

        var expected = new OrderUpdate(owner.AccountId, orderId, "COMPLETE", "INFY");
        Assert.Equal([expected], onA.Events);
        Assert.Equal([expected], onB.Events);
        Assert.Empty(strangerOnB.Events);
    }

    [Fact]
    public async Task A_runs_progress_on_node_A_reaches_node_B_in_order_each_step_once()
    {
        await using var owner = await _a.NewTraderAsync();
        await using var stranger = await _a.NewTraderAsync();
        var kite = await _a.AddKiteAccountAsync(owner, "Kite run");
        var schedule = await owner.Schedules.CreateAsync(new ScheduleDraft
        {
            Name = "Closing buys across nodes",
            AccountIds = [kite],
            Orders = [ScheduleTickets.Kite(1001m), ScheduleTickets.Kite(1002m)],
            AutoExecute = true,
        });
        using var onA = new EventRecorder<ScheduleRunProgress>(Hub<ScheduleRunProgress>(_a), owner.UserId);
        using var onB = new EventRecorder<ScheduleRunProgress>(Hub<ScheduleRunProgress>(_b), owner.UserId);
        using var strangerOnB = new EventRecorder<ScheduleRunProgress>(Hub<ScheduleRunProgress>(_b), stranger.UserId);

        await _a.Get<IScheduleRunner>().TickAsync(ScheduleTickets.TuesdayDue);
        await onB.WaitForAsync(p => p.ScheduleId == schedule.Id && p.Status == ScheduleRunStatus.Completed, "the completed run on node B");
        // Progress is posted without waiting for the tabs: wait for A's own subscriber to have it all too.
        await onA.WaitForAsync(p => p.ScheduleId == schedule.Id && p.Status == ScheduleRunStatus.Completed, "the completed run on node A");
        await SettleAsync();

        Assert.True(onA.Events.Count >= 3, $"start, two items and the end; got {onA.Events.Count}");
        Assert.Equal(onA.Events, onB.Events);
        Assert.Equal(onA.Events.Count, onA.Events.Distinct().Count());
        Assert.Empty(strangerOnB.Events);
    }

    [Fact]
    public async Task After_its_backend_is_killed_the_listener_reconnects_logs_it_and_delivers_again()
    {
        await using var owner = await _a.NewTraderAsync();
        using var onB = new EventRecorder<SessionChange>(Hub<SessionChange>(_b), owner.UserId);
        var listener = Status(_b).ListenerProcessId ?? throw new InvalidOperationException("Node B is not listening.");

        await using (var admin = new NpgsqlConnection(_a.PostgresConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", admin);
            kill.Parameters.AddWithValue("pid", listener);
            Assert.Equal(true, await kill.ExecuteScalarAsync());
        }

        await Status(_b).WaitForConnectionsAsync(2).WaitAsync(_guard);
        Assert.NotEqual(listener, Status(_b).ListenerProcessId);
        // What an operator sees: the node's /healthz checks report the live listener again.
        var health = await _b.Get<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, health.Entries["cross-node-events"].Status);
        Assert.Equal(2, health.Entries["cross-node-events"].Data["connections"]);
        Assert.Contains(_b.Logs.Lines, l => l.Contains("Cross-node events: lost the LISTEN connection", StringComparison.Ordinal));

        var account = Guid.NewGuid();
        await Hub<SessionChange>(_a).PublishAsync(owner.UserId, new SessionChange(account, SessionChangeKind.Expired, "Session expired: log in again."));
        await onB.WaitForAsync(c => c.AccountId == account, "the event after the reconnection");
        await SettleAsync();
        Assert.Single(onB.Events);
    }

    [Fact]
    public async Task An_event_too_long_for_a_notification_reaches_node_B_shortened_and_node_A_whole()
    {
        await using var owner = await _a.NewTraderAsync();
        using var onA = new EventRecorder<SessionChange>(Hub<SessionChange>(_a), owner.UserId);
        using var onB = new EventRecorder<SessionChange>(Hub<SessionChange>(_b), owner.UserId);
        // 9,000 rupee signs: 27,000 bytes of UTF-8, far past PostgreSQL's 8,000-byte payload limit.
        var message = "Rejected: " + new string('₹', 9_000);
        var change = new SessionChange(Guid.NewGuid(), SessionChangeKind.LoginFailed, message);

        await Hub<SessionChange>(_a).PublishAsync(owner.UserId, change);
        await onB.WaitForAsync(c => c.AccountId == change.AccountId, "the shortened event on node B");

        Assert.Equal([change], onA.Events);
        var shortened = Assert.Single(onB.Events);
        Assert.Equal(change.Kind, shortened.Kind);
        Assert.StartsWith("Rejected: ₹₹₹", shortened.Message, StringComparison.Ordinal);
        Assert.EndsWith(EventText.Ellipsis, shortened.Message, StringComparison.Ordinal);
        Assert.True(shortened.Message.Length < message.Length);
    }
}
