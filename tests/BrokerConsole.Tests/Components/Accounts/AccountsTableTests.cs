using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Web.Components.Accounts;
using Bunit;

namespace BrokerConsole.Tests.Components.Accounts;

/// <summary>The compact Accounts table's funds column (issue #14: status, time left, funds, the one action).</summary>
public sealed class AccountsTableTests : AccountsComponentTest
{
    private readonly AccountSummary _live = AccountSamples.Account(name: "Live one", clientId: "AB1234");
    private readonly AccountSummary _idle = AccountSamples.Account(name: "Idle one", clientId: "CD5678");

    private static Funds Cash(decimal equity, decimal commodity) =>
        new(new SegmentFunds { Segment = FundsSegment.Equity, Enabled = true, Net = equity },
            new SegmentFunds { Segment = FundsSegment.Commodity, Enabled = true, Net = commodity });

    private IRenderedComponent<AccountsTable> RenderTable(Dictionary<Guid, AccountSessionView> views) =>
        Render<AccountsTable>(p => p
            .Add(t => t.Accounts, [_live, _idle])
            .Add(t => t.Views, views)
            .Add(t => t.Now, AccountSamples.Now)
            .Add(t => t.ExpiryWarning, TimeSpan.FromHours(2)));

    private static AngleSharp.Dom.IElement FundsElement(IRenderedComponent<AccountsTable> table, AccountSummary account) =>
        table.FindAll("tr").Single(r => r.QuerySelector($"[data-account-id='{account.Id}']") is not null).QuerySelector("[data-testid=account-funds]")
        ?? throw new InvalidOperationException("The row has no funds cell.");

    private static string FundsCell(IRenderedComponent<AccountsTable> table, AccountSummary account) => FundsElement(table, account).TextContent.Trim();

    [Fact]
    public void A_live_account_shows_its_cash_for_trading_and_one_without_a_session_a_dash_without_asking_the_broker()
    {
        SessionStore.Funds[_live.Id] = Cash(123456.5m, 1000m);

        var table = RenderTable(new() { [_live.Id] = AccountSamples.View(_live.Id, SessionState.Active) });

        table.WaitForAssertion(() => Assert.Equal("₹\u00A01,24,456.50", FundsCell(table, _live)));
        Assert.Equal("—", FundsCell(table, _idle));
        Assert.Equal([_live.Id], SessionStore.FundsRead);
    }

    [Fact]
    public void Funds_the_broker_refuses_read_unavailable_with_the_reason_on_hover()
    {
        var table = RenderTable(new() { [_live.Id] = AccountSamples.View(_live.Id, SessionState.Active) });

        table.WaitForAssertion(() => Assert.Equal("unavailable", FundsCell(table, _live)));
        var cell = FundsElement(table, _live);
        Assert.Equal("problem", cell.GetAttribute("data-state"));
        Assert.Contains("Funds service is down", cell.GetAttribute("title"), StringComparison.Ordinal);
    }

    [Fact]
    public void Funds_are_read_once_per_session_and_again_after_a_new_login()
    {
        SessionStore.Funds[_live.Id] = Cash(5000m, 0m);
        var first = AccountSamples.View(_live.Id, SessionState.Active);
        var table = RenderTable(new() { [_live.Id] = first });
        table.WaitForAssertion(() => Assert.Equal("₹\u00A05,000.00", FundsCell(table, _live)));

        // The page re-renders every 30 s for the countdown: that alone reads nothing.
        table.Render(p => p.Add(t => t.Now, AccountSamples.Now.AddSeconds(30)));
        Assert.Single(SessionStore.FundsRead);

        SessionStore.Funds[_live.Id] = Cash(7000m, 0m);
        table.Render(p => p.Add(t => t.Views, new Dictionary<Guid, AccountSessionView> { [_live.Id] = first with { LoginTime = AccountSamples.Now } }));
        table.WaitForAssertion(() => Assert.Equal("₹\u00A07,000.00", FundsCell(table, _live)));
        Assert.Equal(2, SessionStore.FundsRead.Count);
    }
}
