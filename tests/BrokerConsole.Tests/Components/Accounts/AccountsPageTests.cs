using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Web.Components.Accounts;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Components.Accounts;

/// <summary>The Accounts page: the layout remembered per user, Re-check all's one progress line, R without a session, Delete's confirm.</summary>
public sealed class AccountsPageTests : AccountsComponentTest
{
    private readonly BrokerConsole.Core.Accounts.AccountSummary _live = AccountSamples.Account(name: "Live one", clientId: "AB1234");
    private readonly BrokerConsole.Core.Accounts.AccountSummary _idle = AccountSamples.Account(name: "Idle one", clientId: "CD5678");

    public AccountsPageTests()
    {
        AccountStore.Items.AddRange([_live, _idle]);
        SessionStore.Views[_live.Id] = AccountSamples.View(_live.Id, SessionState.Active);
    }

    [Fact]
    public void Cards_by_default_and_the_table_when_chosen_is_saved_for_the_user()
    {
        var page = Render<AccountsPage>();
        page.WaitForElement("[data-testid=account-cards]");
        Assert.Equal(2, page.FindAll("[data-testid=account-card]").Count);

        page.Find("[data-testid=layout-table]").Click();

        page.WaitForElement("[data-testid=accounts-table]");
        Assert.Equal([AccountsLayout.Table], Preferences.LayoutsSaved);
        Assert.Empty(page.FindAll("[data-testid=account-card]"));
    }

    [Fact]
    public void Table_chosen_earlier_is_shown_on_first_render_with_status_time_left_and_the_action()
    {
        var preferences = new FakePreferences(AccountsLayout.Table);
        Services.AddSingleton<IUserPreferences>(preferences);

        var page = Render<AccountsPage>();

        var rows = page.WaitForElements("[data-testid=account-row]");
        Assert.Equal(2, rows.Count);
        var table = page.Find("[data-testid=accounts-table]");
        Assert.Contains("Live", table.TextContent, StringComparison.Ordinal);
        Assert.Contains("No session", table.TextContent, StringComparison.Ordinal);
        Assert.Contains("9h 30m", table.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Log in again", "Log in"], page.FindAll("[data-testid=connect-account]").Select(b => b.TextContent.Trim()));
    }

    [Fact]
    public void Recheck_all_shows_progress_in_one_line_and_leaves_healthy_cards_alone()
    {
        SessionStore.TestGate = new TaskCompletionSource();
        var page = Render<AccountsPage>();
        page.WaitForElement("[data-testid=account-cards]");

        page.Find("[data-testid=recheck-all]").Click();

        var progress = page.WaitForElement("[data-testid=recheck-progress]");
        Assert.Contains("Re-checking 0 of 1 account", progress.TextContent, StringComparison.Ordinal);
        Assert.Equal([_live.Id], SessionStore.Tested); // the account without a session is not called

        SessionStore.TestGate.SetResult();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=recheck-progress]")));
        Assert.Empty(page.FindAll("[data-testid=card-note]"));
    }

    [Fact]
    public void Recheck_all_puts_a_note_only_on_the_card_that_failed()
    {
        var second = AccountSamples.Account(name: "Second live", clientId: "EF9012");
        AccountStore.Items.Add(second);
        SessionStore.Views[second.Id] = AccountSamples.View(second.Id, SessionState.Active);
        SessionStore.NextTest = id => id == second.Id
            ? new(false, "Zerodha could not be reached.", null, TimeSpan.FromSeconds(1), SessionState.Active)
            : new(true, "Connected.", AccountSamples.Profile("AB1234"), TimeSpan.FromMilliseconds(20), SessionState.Active);
        var page = Render<AccountsPage>();
        page.WaitForElement("[data-testid=account-cards]");

        page.Find("[data-testid=recheck-all]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=card-note]")));
        var failed = page.FindAll("[data-testid=account-card]").Single(c => c.GetAttribute("data-account-id") == second.Id.ToString());
        Assert.Contains("could not be reached", failed.QuerySelector("[data-testid=card-note]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task R_on_a_card_without_a_session_says_why_nothing_happened()
    {
        var page = Render<AccountsPage>();
        page.WaitForElement("[data-testid=account-cards]");

        await page.InvokeAsync(() => page.Instance.OnRecheckUnavailable(_idle.Id.ToString()));

        var idle = page.FindAll("[data-testid=account-card]").Single(c => c.GetAttribute("data-account-id") == _idle.Id.ToString());
        Assert.Contains("Nothing to re-check: it has no session", idle.QuerySelector("[data-testid=card-note]")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(SessionStore.Tested);
    }

    [Fact]
    public void Delete_asks_with_a_red_button_and_only_deletes_when_confirmed()
    {
        var host = RenderDialogHost();
        var page = Render<AccountsPage>();
        page.WaitForElement("[data-testid=account-cards]");
        var idleCard = page.FindAll("[data-testid=account-card]").Single(c => c.GetAttribute("data-account-id") == _idle.Id.ToString());

        idleCard.QuerySelector("[data-testid=delete-account]")!.Click();
        host.WaitForElement("[data-testid=confirm-cancel]").Click();
        Assert.Empty(AccountStore.Deleted);

        page.FindAll("[data-testid=account-card]").Single(c => c.GetAttribute("data-account-id") == _idle.Id.ToString())
            .QuerySelector("[data-testid=delete-account]")!.Click();
        var ok = host.WaitForElement("[data-testid=confirm-ok]");
        Assert.Contains("mud-button-filled-error", ok.ClassList);
        Assert.Contains("Idle one", host.Find("[data-testid=confirm-message]").TextContent, StringComparison.Ordinal);
        ok.Click();

        page.WaitForAssertion(() => Assert.Equal([_idle.Id], AccountStore.Deleted));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=account-card]")));
    }
}
