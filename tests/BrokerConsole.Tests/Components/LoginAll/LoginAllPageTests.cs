using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Core.Sessions.MorningLogin;
using BrokerConsole.Core.Time;
using BrokerConsole.Tests.Components.Pages;
using BrokerConsole.Web.Components.LoginAll;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Components.LoginAll;

/// <summary>The page renders its <see cref="LoginPass"/>: why each row is listed, one definition of ready, the steps, the lease.</summary>
public sealed class LoginAllPageTests : ConsoleComponentTest
{
    // Tuesday 24 Nov 2026, 08:00 IST.
    private static readonly DateTimeOffset _morning = new(2026, 11, 24, 8, 0, 0, IndianTime.Offset);
    private readonly AccountSummary _ready = FakeAccountService.Account("Kite ready", clientId: "AA0001");
    private readonly AccountSummary _kite = FakeAccountService.Account("Kite morning", clientId: "AB1234");
    private readonly AccountSummary _angel = FakeAccountService.Account("Angel family", BrokerKind.AngelOne, "A123456");
    private readonly FakeTimeProvider _time = new(_morning);
    private readonly FakeSessions _sessions = new();
    private readonly LoginPassLease _lease = new();

    public LoginAllPageTests()
    {
        _sessions.Views[_ready.Id] = new AccountSessionView(_ready.Id, SessionState.Active, SessionHealth.Healthy, _morning.AddHours(-1), _morning.AddHours(22), null, null, null, null, null, null);
        _sessions.Views[_kite.Id] = AccountSessionView.None(_kite.Id);
        Services.AddSingleton<IAccountService>(new FakeAccountService(_ready, _kite, _angel));
        Services.AddSingleton<ISessionService>(_sessions);
        Services.AddSingleton(new UserEventHub<SessionChange>(NullLogger<UserEventHub<SessionChange>>.Instance));
        Services.AddSingleton(_lease);
        Services.AddSingleton<ICurrentUser>(new FakeCurrentUser("user-1"));
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddSingleton<IMarketCalendar>(MarketCalendar.WithHolidays());
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void Each_row_says_why_it_is_listed_and_the_header_counts_ready_the_shared_way()
    {
        var page = Render<LoginAllPage>();

        var items = page.FindAll("[data-testid=pass-item]");
        Assert.Equal([_kite.Id.ToString(), _angel.Id.ToString()], items.Select(i => i.GetAttribute("data-account-id")));
        Assert.All(page.FindAll("[data-testid=pass-reason]"), r => Assert.Equal("No session", r.TextContent.Trim()));
        Assert.Equal("1 live now · 2 need a login before 09:15", page.Find("[data-testid=readiness]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=late-evening-hint]"));
        var login = page.Find("[data-testid=pass-login]");
        Assert.Equal($"connect/zerodha/start?accountId={_kite.Id}", login.GetAttribute("data-connect-url"));
        Assert.Contains("Log in Kite morning", login.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Skip_then_a_server_login_completes_the_pass_and_names_the_skipped_one()
    {
        var page = Render<LoginAllPage>();

        page.Find("[data-testid=pass-skip]").Click();
        Assert.Equal(_angel.Id.ToString(), page.Find("[data-testid=pass-step]").GetAttribute("data-account-id"));
        page.Find("[data-testid=pass-login]").Click();

        Assert.Equal([_angel.Id], _sessions.DirectLogins);
        Assert.Equal("1 of 2 logged in · 1 skipped", page.Find("[data-testid=pass-progress]").TextContent);
        Assert.Contains("Pass finished with 1 skipped.", page.Find("[data-testid=pass-finished]").TextContent, StringComparison.Ordinal);
        page.Find("[data-testid=pass-retry-skipped]").Click();
        Assert.Equal(_kite.Id.ToString(), page.Find("[data-testid=pass-step]").GetAttribute("data-account-id"));
    }

    [Fact]
    public async Task The_page_holds_the_lease_and_gives_it_back_when_it_goes_away()
    {
        Render<LoginAllPage>();
        Assert.False(_lease.TryAcquire("user-1", "another-tab").Granted);

        await DisposeComponentsAsync();

        Assert.True(_lease.TryAcquire("user-1", "another-tab").Granted);
    }

    [Fact]
    public void After_six_in_the_evening_the_page_warns_that_tokens_made_now_die_at_six()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 19, 0, 0, IndianTime.Offset));

        var page = Render<LoginAllPage>();

        Assert.Contains("ends at 06:00 IST, before the next open", page.Find("[data-testid=late-evening-hint]").TextContent, StringComparison.Ordinal);
    }

    private sealed class FakeSessions : ISessionService
    {
        public Dictionary<Guid, AccountSessionView> Views { get; } = [];

        public List<Guid> DirectLogins { get; } = [];

        public Task<IReadOnlyDictionary<Guid, AccountSessionView>> GetViewsAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyDictionary<Guid, AccountSessionView>>(Views);

        public Task<LoginResult> ConnectDirectAsync(Guid accountId, CancellationToken cancellationToken = default)
        {
            DirectLogins.Add(accountId);
            return Task.FromResult(new LoginResult(LoginOutcomeKind.Connected, accountId, "Logged in"));
        }

        public Task<AccountSessionView> GetViewAsync(Guid accountId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<SessionHistoryEntry>> GetHistoryAsync(Guid accountId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Uri> BeginPopupLoginAsync(Guid accountId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<PopupLoginStart> StartPopupLoginAsync(Guid accountId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<LoginResult> CompletePopupLoginAsync(BrokerKind broker, PopupCallback callback, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ConnectionTestResult> TestConnectionAsync(Guid accountId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<string> DisconnectAsync(Guid accountId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<string> RevealAccessTokenAsync(Guid accountId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> IsSessionReadableAsync(Guid accountId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<T> CallBrokerAsync<T>(Guid accountId, Func<IBrokerClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
