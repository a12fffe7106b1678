using BrokerConsole.Core.Sessions;
using BrokerConsole.Web.Components.Accounts;
using Bunit;
using MudBlazor;

namespace BrokerConsole.Tests.Components.Accounts;

/// <summary>Manage Account: its three tabs, Test Connection through the session service, and Disconnect behind a red confirm.</summary>
public sealed class ManageAccountDialogTests : AccountsComponentTest
{
    private readonly BrokerConsole.Core.Accounts.AccountSummary _account = AccountSamples.Account();

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync()
    {
        AccountStore.Items.Add(_account);
        SessionStore.Views[_account.Id] = AccountSamples.View(_account.Id, SessionState.Active);
        var host = RenderDialogHost();
        await ShowAsync("Manage Card test", new DialogParameters<ManageAccountDialog> { { d => d.Account, _account } });
        host.WaitForElement("[data-testid=manage-status]");
        return host;
    }

    private static void OpenTab(IRenderedComponent<MudDialogProvider> host, string name) =>
        host.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == name).Click();

    [Fact]
    public async Task Overview_shows_the_status_chip_and_switching_tabs_shows_credentials()
    {
        var host = await OpenAsync();

        Assert.Equal("Live", host.Find("[data-testid=manage-status]").TextContent.Trim());
        Assert.Empty(host.FindAll("[data-testid=auth-header]"));

        OpenTab(host, "Credentials");

        Assert.Contains("Authorization: token cardtest01:<access_token>", host.Find("[data-testid=auth-header]").TextContent, StringComparison.Ordinal);
        Assert.Empty(host.FindAll("[data-testid=manage-status]"));
    }

    [Fact]
    public async Task Test_connection_calls_the_broker_once_and_shows_the_profile()
    {
        var host = await OpenAsync();
        OpenTab(host, "Test Connection");

        host.Find("[data-testid=run-test]").Click();

        Assert.Equal([_account.Id], SessionStore.Tested);
        host.WaitForAssertion(() => Assert.Contains("Success", host.Find("[data-testid=test-result]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Demo Trader", host.Find("[data-testid=test-profile]").TextContent, StringComparison.Ordinal);
        Assert.Empty(host.FindAll("[data-testid=profile-mismatch]"));
        Assert.Equal("false", host.Find("[data-testid=profile-user-id]").GetAttribute("data-mismatch"));
    }

    [Fact]
    public async Task A_profile_of_another_user_is_shown_in_red_with_that_fact()
    {
        SessionStore.NextTest = _ => new(true, "Connected.", AccountSamples.Profile("ZZ9999"), TimeSpan.FromMilliseconds(30), SessionState.Active);
        var host = await OpenAsync();
        OpenTab(host, "Test Connection");

        host.Find("[data-testid=run-test]").Click();

        var mismatch = host.WaitForElement("[data-testid=profile-mismatch]");
        Assert.Contains("mud-alert-text-error", mismatch.ClassList);
        Assert.Contains("ZZ9999", mismatch.TextContent, StringComparison.Ordinal);
        Assert.Contains("AB1234", mismatch.TextContent, StringComparison.Ordinal);
        var userId = host.Find("[data-testid=profile-user-id]");
        Assert.Equal("true", userId.GetAttribute("data-mismatch"));
        Assert.Contains("mud-error-text", userId.ClassList);
    }

    [Fact]
    public async Task Session_history_says_statuses_in_words_not_enum_names()
    {
        var at = AccountSamples.Now;
        SessionStore.History.Add(new SessionHistoryEntry(Guid.NewGuid(), SessionStatus.LoggedOut, at.AddDays(-1), at, at.AddHours(-20), "Disconnected by the user.", "AB1234"));
        SessionStore.History.Add(new SessionHistoryEntry(Guid.NewGuid(), SessionStatus.Replaced, at.AddDays(-2), at, at.AddDays(-1), "Replaced by a newer login.", "AB1234"));

        var host = await OpenAsync();

        var history = host.WaitForElement("[data-testid=session-history]").TextContent;
        Assert.Contains("Logged out", history, StringComparison.Ordinal);
        Assert.DoesNotContain("LoggedOut", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disconnect_asks_first_and_keeping_the_session_calls_nothing()
    {
        var host = await OpenAsync();

        host.Find("[data-testid=disconnect]").Click();
        var confirm = host.WaitForElement("[data-testid=confirm-ok]");
        Assert.Contains("mud-button-filled-error", confirm.ClassList);
        host.Find("[data-testid=confirm-cancel]").Click();

        Assert.Empty(SessionStore.Disconnected);
    }

    [Fact]
    public async Task Disconnect_confirmed_ends_the_session_and_says_so()
    {
        var host = await OpenAsync();

        host.Find("[data-testid=disconnect]").Click();
        host.WaitForElement("[data-testid=confirm-ok]").Click();

        host.WaitForAssertion(() => Assert.Equal([_account.Id], SessionStore.Disconnected));
        host.WaitForAssertion(() => Assert.Contains("the token was invalidated at Zerodha", host.Find("[data-testid=manage-message]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Revealing_the_secret_or_the_token_asks_for_the_password_and_a_refusal_reveals_nothing()
    {
        var host = await OpenAsync();
        OpenTab(host, "Credentials");
        Reauthentication.Answer = false;

        host.Find("[data-testid=reveal-api-secret]").Click();
        host.Find("[data-testid=reveal-access-token]").Click();

        Assert.Equal(["reveal the API secret", "reveal the access token"], Reauthentication.Asked);
        Assert.DoesNotContain("revealed-secret", host.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("revealed-token", host.Markup, StringComparison.Ordinal);

        Reauthentication.Answer = true;
        host.Find("[data-testid=reveal-api-secret]").Click();
        host.WaitForAssertion(() => Assert.Equal("revealed-secret", host.Find("[data-testid=cred-api-secret]").TextContent));
    }
}
