using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Notifications;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Tests.Sandbox.Kite;
using BrokerConsole.Tests.Scheduling;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Persistence;

/// <summary>
/// Two app instances ("nodes") on one PostgreSQL database, one Kite sandbox, one fake clock and one key ring, racing
/// each other the way two nodes behind a proxy would. SQLite's single writer hid these races; here every guard (a unique
/// index, a conditional update, the single-use state, the book read by tag) is what keeps the answer single.
/// </summary>
public sealed class TwoNodesOnPostgresTests : IAsyncLifetime
{
    private static readonly DateOnly _tuesday = new(2026, 11, 24);
    private readonly string _database = PostgresCluster.CreateDatabase();
    private TestApp _a = null!;
    private TestApp _b = null!;

    public async Task InitializeAsync()
    {
        _a = await Node().WithSandbox().WithSandboxBroker(BrokerKind.Zerodha).StartAsync();
        _ = _a.Services; // migrates the shared database once, before the second node starts
        _b = await Node().AsSecondNodeOf(_a, BrokerKind.Zerodha).StartAsync();
        _ = _b.Services;
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
        // Only the first user of a fresh install registers without an invite: the registration race below.
        .WithSetting("Identity:Registration", "InviteOnly")
        .WithSetting("Brokers:Zerodha:ReadRetryCount", "0");

    private static IScheduleRunner Runner(TestApp node) => node.Services.GetRequiredService<IScheduleRunner>();

    private async Task<BrokerConsoleDbContext> DbAsync() =>
        await _a.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync();

    private static ScheduleDraft Draft(Guid account, int n) => new()
    {
        Name = $"Closing buys {n}",
        AccountIds = [account],
        Orders = [ScheduleTickets.Kite(1000m + n), ScheduleTickets.Kite(1100m + n)],
        AutoExecute = true,
    };

    private async Task<IReadOnlyList<Core.Brokers.BrokerOrder>> BookAsync(Trader user, Guid account)
    {
        _a.Sandbox.NextSecond();
        return await user.Sessions.CallBrokerAsync(account, (client, ct) => client.GetOrdersAsync(ct));
    }

    [Fact]
    public async Task Both_nodes_trigger_the_same_schedules_and_each_runs_once_with_each_order_placed_once()
    {
        await using var user = await _a.NewTraderAsync();
        var kite = await _a.AddKiteAccountAsync(user, "Kite two nodes");
        var schedules = new List<Guid>();
        for (var n = 0; n < 4; n++)
        {
            schedules.Add((await user.Schedules.CreateAsync(Draft(kite, n))).Id);
        }

        // Both nodes wake at 15:10 IST together: the unique (schedule, IST date) run row lets one of them own each run.
        await Task.WhenAll(Runner(_a).TickAsync(ScheduleTickets.TuesdayDue), Runner(_b).TickAsync(ScheduleTickets.TuesdayDue));

        await using var db = await DbAsync();
        var runs = await db.ScheduleRuns.AsNoTracking().Include(r => r.Items).Where(r => r.ScheduleId != null && schedules.Contains(r.ScheduleId.Value)).ToListAsync();
        Assert.Equal(schedules.Order(), runs.Select(r => r.ScheduleId!.Value).Order());
        Assert.All(runs, r => Assert.Equal(_tuesday, r.TradingDate));
        var book = await BookAsync(user, kite);
        var items = runs.SelectMany(r => r.Items).ToList();
        Assert.Equal(8, items.Count);
        Assert.All(items, i => Assert.Single(book, o => o.Tag == i.Tag || o.Tags.Contains(i.Tag)));
        Assert.Equal(8, book.Count);
    }

    [Fact]
    public async Task Both_nodes_complete_the_same_login_callback_and_one_session_is_made()
    {
        await using var user = await _a.NewTraderAsync();
        var account = await _a.AddKiteAccountAsync(user, "Kite callback", connect: false, clientId: KiteSandboxHost.UserId);
        var loginUri = await user.Sessions.BeginPopupLoginAsync(account);
        var redirectParams = QueryHelpers.ParseQuery(loginUri.Query)["redirect_params"].ToString();
        using var response = await _a.Sandbox.PostLoginFormAsync(KiteSandboxHost.UserId, KiteSandboxHost.Password, _a.Sandbox.CurrentTotp(), redirectParams);
        var back = QueryHelpers.ParseQuery(response.Headers.Location!.Query);

        // The browser's callback reaches node A and, replayed (a proxy retry, a double load), node B at the same moment.
        await using var onB = _b.ScopeFor(user.UserId);
        var sessionsOnB = onB.ServiceProvider.GetRequiredService<ISessionService>();
        var results = await Task.WhenAll(
            user.Sessions.CompleteZerodhaLoginAsync(back["state"], back["status"], back["request_token"]),
            sessionsOnB.CompleteZerodhaLoginAsync(back["state"], back["status"], back["request_token"]));

        var won = Assert.Single(results, r => r.Succeeded);
        var lost = Assert.Single(results, r => !r.Succeeded);
        // The loser never reached the broker: the state was spent, not the request token refused by Kite.
        Assert.Equal(LoginOutcomeKind.InvalidState, lost.Outcome);
        await using var db = await DbAsync();
        Assert.Single(await db.BrokerSessions.Where(s => s.AccountId == account).ToListAsync());
        Assert.Equal(account, won.AccountId);
    }

    [Fact]
    public async Task Both_nodes_mark_the_same_session_expired_and_one_notification_is_stored()
    {
        await using var user = await _a.NewTraderAsync();
        var account = await _a.AddKiteAccountAsync(user, "Kite expiry");
        await using var db = await DbAsync();
        var session = await db.BrokerSessions.AsNoTracking().SingleAsync(s => s.AccountId == account && s.Status == SessionStatus.Active);
        var reference = new SessionRef(session.Id, user.UserId, account, BrokerKind.Zerodha);

        // A sweep on one node and a user's call on the other both meet Kite's TokenException at once.
        var ended = await Task.WhenAll(
            _a.Services.GetRequiredService<SessionLifecycle>().MarkExpiredAsync(reference, "Token rejected (node A)", CancellationToken.None),
            _b.Services.GetRequiredService<SessionLifecycle>().MarkExpiredAsync(reference, "Token rejected (node B)", CancellationToken.None));

        Assert.Single(ended, e => e);
        var row = await db.BrokerSessions.AsNoTracking().SingleAsync(s => s.Id == session.Id);
        Assert.Equal(SessionStatus.Expired, row.Status);
        Assert.Null(row.AccessTokenCiphertext);
        Assert.Single(await db.Notifications.Where(n => n.SessionId == session.Id && n.Kind == NotificationKind.SessionExpired).ToListAsync());
    }

    [Fact]
    public async Task Both_nodes_resume_the_same_interrupted_run_and_find_its_orders_by_tag_instead_of_sending_again()
    {
        await using var user = await _a.NewTraderAsync();
        var kite = await _a.AddKiteAccountAsync(user, "Kite resume");
        var schedule = await user.Schedules.CreateAsync(Draft(kite, 7));
        await Runner(_a).TickAsync(ScheduleTickets.TuesdayDue);
        await using (var db = await DbAsync())
        {
            // As if the node died right after sending both orders, before recording their outcome.
            var run = await db.ScheduleRuns.SingleAsync(r => r.ScheduleId == schedule.Id);
            await db.ScheduleRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ScheduleRunStatus.Running));
            await db.ScheduleRunItems.Where(i => i.RunId == run.Id).ExecuteUpdateAsync(u => u
                .SetProperty(i => i.Status, ScheduleRunItemStatus.Sending).SetProperty(i => i.BrokerOrderId, (string?)null));
        }

        // Both nodes come back and resume it together: each reads the book by tag before anything is sent again.
        var later = ScheduleTickets.TuesdayDue.AddMinutes(2);
        await Task.WhenAll(Runner(_a).TickAsync(later), Runner(_b).TickAsync(later));

        await using var check = await DbAsync();
        var again = await check.ScheduleRuns.AsNoTracking().Include(r => r.Items).SingleAsync(r => r.ScheduleId == schedule.Id);
        Assert.All(again.Items, i => Assert.Equal(ScheduleRunItemStatus.Placed, i.Status));
        var book = await BookAsync(user, kite);
        Assert.Equal(2, book.Count);
        Assert.All(again.Items, i => Assert.Single(book, o => o.Tag == i.Tag || o.Tags.Contains(i.Tag)));
    }

    [Fact]
    public async Task Both_nodes_register_the_first_user_at_once_and_exactly_one_becomes_it()
    {
        await using var onA = _a.Services.CreateAsyncScope();
        await using var onB = _b.Services.CreateAsyncScope();
        var results = await Task.WhenAll(
            onA.ServiceProvider.GetRequiredService<Core.Identity.Registration.UserRegistration>().RegisterAsync("first-a@example.com", "nifty-2026-long", null),
            onB.ServiceProvider.GetRequiredService<Core.Identity.Registration.UserRegistration>().RegisterAsync("first-b@example.com", "nifty-2026-long", null));

        // PostgreSQL lets both transactions run; serializable isolation aborts one, which is then decided again and refused.
        Assert.Single(results, r => r.User is not null);
        Assert.Single(results, r => r.User is null);
        await using var db = await DbAsync();
        Assert.Equal(1, await db.Users.CountAsync());
    }
}
