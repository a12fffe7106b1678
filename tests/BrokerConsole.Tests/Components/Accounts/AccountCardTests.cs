using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Web.Components.Accounts;
using Bunit;

namespace BrokerConsole.Tests.Components.Accounts;

/// <summary>The account card in each state a trader meets: the chip's colour, icon and words, and the action it offers.</summary>
public sealed class AccountCardTests : AccountsComponentTest
{
    private IRenderedComponent<AccountCard> RenderCard(AccountSummary account, AccountSessionView view, AccountNote? note = null,
        Action? onRecheck = null, Action? onDelete = null) =>
        Render<AccountCard>(p => p
            .Add(c => c.Account, account)
            .Add(c => c.View, view)
            .Add(c => c.Now, AccountSamples.Now)
            .Add(c => c.Note, note)
            .Add(c => c.OnRecheck, onRecheck ?? (() => { }))
            .Add(c => c.OnDelete, onDelete ?? (() => { })));

    public static TheoryData<SessionState, SessionHealth, int, string, string, string, string> States => new()
    {
        // state, health, hours left, chip text, chip colour, status key, login label
        { SessionState.None, SessionHealth.Unknown, 0, "No session", "default", "none", "Log in" },
        { SessionState.Active, SessionHealth.Healthy, 9, "Live", "success", "live", "Log in again" },
        { SessionState.Active, SessionHealth.Healthy, 1, "Expiring soon", "warning", "expiring", "Log in again" },
        { SessionState.Active, SessionHealth.ConnectionIssue, 9, "Connection issue", "warning", "connection", "Log in again" },
        { SessionState.Expired, SessionHealth.Healthy, 0, "Expired", "error", "expired", "Log in again" },
        { SessionState.Error, SessionHealth.Error, 9, "Error", "error", "error", "Log in again" },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void Chip_says_the_state_in_colour_icon_and_text(SessionState state, SessionHealth health, int hoursLeft, string text, string colour, string key, string login)
    {
        var account = AccountSamples.Account();
        var view = AccountSamples.View(account.Id, state, health, AccountSamples.Now.AddHours(hoursLeft));

        var card = RenderCard(account, view);

        var chip = card.Find("[data-testid=session-badge]");
        Assert.Equal(text, chip.TextContent.Trim());
        Assert.Contains($"mud-chip-color-{colour}", chip.ClassList);
        Assert.Equal(key, chip.GetAttribute("data-status"));
        AssertShowsIcon(chip, AccountStatus.Of(view, AccountSamples.Now, TimeSpan.FromHours(2)).Icon);
        Assert.Equal(state.ToString(), card.Find("[data-testid=account-card]").GetAttribute("data-state"));
        Assert.Equal(login, card.Find("[data-testid=connect-account]").TextContent.Trim());
    }

    [Fact]
    public void Each_state_has_its_own_icon()
    {
        var id = Guid.NewGuid();
        var icons = States.Select(row => AccountStatus.Of(
            AccountSamples.View(id, (SessionState)row[0], (SessionHealth)row[1], AccountSamples.Now.AddHours((int)row[2])), AccountSamples.Now, TimeSpan.FromHours(2)).Icon);

        Assert.Equal(6, icons.Distinct().Count());
    }

    [Theory]
    [InlineData(SessionState.None, true)]
    [InlineData(SessionState.Expired, true)]
    [InlineData(SessionState.Active, false)]
    public void Login_is_the_primary_filled_action_only_when_the_account_needs_one(SessionState state, bool primaryFilled)
    {
        var account = AccountSamples.Account();

        var card = RenderCard(account, AccountSamples.View(account.Id, state));

        var login = card.Find("[data-testid=connect-account]");
        Assert.Equal(primaryFilled, login.ClassList.Contains("mud-button-filled-primary"));
        Assert.Equal(!primaryFilled, login.ClassList.Contains("mud-button-outlined-primary"));
        Assert.DoesNotContain(login.ClassList, c => c.Contains("success", StringComparison.Ordinal));
        Assert.Equal($"connect/zerodha/start?accountId={account.Id}", login.GetAttribute("data-connect-url"));
    }

    [Fact]
    public void Expiring_soon_card_says_log_in_again_before_it_ends()
    {
        var account = AccountSamples.Account();

        var card = RenderCard(account, AccountSamples.View(account.Id, SessionState.Active, expires: AccountSamples.Now.AddMinutes(90)));

        Assert.Contains("ends in 1h 30m", card.Find("[data-testid=refresh-soon]").TextContent, StringComparison.Ordinal);
        Assert.Contains("bc-time-warn", card.Find("[data-testid=time-remaining]").ClassList);
    }

    [Fact]
    public void Live_card_above_the_warning_has_no_hint()
    {
        var account = AccountSamples.Account();

        var card = RenderCard(account, AccountSamples.View(account.Id, SessionState.Active));

        Assert.Empty(card.FindAll("[data-testid=refresh-soon]"));
        Assert.Equal("9h 30m", card.Find("[data-testid=time-remaining]").ChildNodes[0].TextContent.Trim());
    }

    [Fact]
    public void Expired_card_says_why()
    {
        var account = AccountSamples.Account();

        var card = RenderCard(account, AccountSamples.View(account.Id, SessionState.Expired, message: "The broker ended the session (TokenException). Log in again."));

        Assert.Contains("TokenException", card.Find("[data-testid=card-note]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void No_session_card_offers_no_recheck_or_manage()
    {
        var account = AccountSamples.Account();

        var card = RenderCard(account, AccountSamples.View(account.Id, SessionState.None));

        Assert.Empty(card.FindAll("[data-testid=recheck-account]"));
        Assert.Empty(card.FindAll("[data-testid=manage-account]"));
    }

    [Fact]
    public void Recheck_and_delete_call_back_and_delete_is_red()
    {
        var account = AccountSamples.Account();
        var rechecked = 0;
        var deleted = 0;
        var card = RenderCard(account, AccountSamples.View(account.Id, SessionState.Active), onRecheck: () => rechecked++, onDelete: () => deleted++);

        card.Find("[data-testid=recheck-account]").Click();
        var delete = card.Find("[data-testid=delete-account]");
        delete.Click();

        Assert.Equal(1, rechecked);
        Assert.Equal(1, deleted);
        Assert.Contains("mud-error-text", delete.ClassList);
    }

    [Fact]
    public void Angel_card_logs_in_on_the_server_without_a_popup()
    {
        var account = AccountSamples.Account(BrokerKind.AngelOne);

        var card = RenderCard(account, AccountSamples.View(account.Id, SessionState.None));

        var login = card.Find("[data-testid=connect-account]");
        Assert.Null(login.GetAttribute("data-connect-url"));
        Assert.Equal("connect-direct", login.GetAttribute("data-action"));
    }
}
