using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Portfolio;
using BrokerConsole.Web.Components.Portfolio;
using Bunit;

namespace BrokerConsole.Tests.Components.Portfolio;

/// <summary>The portfolio's totals, what they cover when some accounts could not be loaded, and P&amp;L that reads without colour.</summary>
public sealed class PortfolioViewTests : ConsoleComponentTest
{
    private static readonly DateTimeOffset _loadedAt = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static AccountIssue RateLimited(string name) =>
        new(Guid.NewGuid(), name, AccountIssueKind.RateLimited, "Zerodha is limiting requests. Try again in a moment.");

    private static AccountTotals Loaded(string name, decimal dayPnl = 120m, decimal holdingsPnl = 300m) =>
        new(Guid.NewGuid(), name, 5000m, 12000m, holdingsPnl, -50m, dayPnl);

    private static PortfolioSnapshot Snapshot(IReadOnlyList<AccountTotals> totals, IReadOnlyList<AccountIssue> issues, IReadOnlyList<SymbolAggregate>? holdings = null) => new(
        [.. totals.Select(t => new AccountPortfolio(t.AccountId, t.DisplayName, BrokerKind.Zerodha, new Funds(null, null), new Positions([], []), []))],
        issues, holdings ?? [], [], [], totals,
        TotalFunds: totals.Sum(t => t.AvailableFunds), TotalHoldingsValue: totals.Sum(t => t.HoldingsValue),
        TotalPnl: totals.Sum(t => t.HoldingsPnl + t.PositionsPnl), TotalDayPnl: totals.Sum(t => t.DayPnl),
        _loadedAt, BrokerCalls: 3);

    private IRenderedComponent<PortfolioView> RenderView(PortfolioSnapshot snapshot) => Render<PortfolioView>(p => p.Add(v => v.Snapshot, snapshot));

    private static string Text(IRenderedComponent<PortfolioView> view, string testId) => view.Find($"[data-testid={testId}]").TextContent.Trim();

    [Fact]
    public void Nothing_loaded_shows_dashes_not_zero_rupees()
    {
        var view = RenderView(Snapshot([], [RateLimited("Kite main")]));

        foreach (var tile in new[] { "total-funds", "holdings-value", "total-pnl", "day-pnl" })
        {
            Assert.Equal("—", Text(view, tile));
        }

        Assert.DoesNotContain("mud-success-text", view.Find("[data-testid=total-pnl]").ClassName, StringComparison.Ordinal);
        Assert.Equal("No account could be loaded, so there are no totals.", Text(view, "kpi-scope"));
        Assert.Empty(view.FindAll("[data-testid=chart-by-account]"));
    }

    [Fact]
    public void Partial_load_says_how_many_accounts_the_totals_cover()
    {
        var view = RenderView(Snapshot([Loaded("Kite main")], [RateLimited("Kite second"), RateLimited("Kite third")]));

        Assert.Contains("5,000.00", Text(view, "total-funds"), StringComparison.Ordinal);
        Assert.Equal("Totals cover 1 of 3 accounts; the 2 accounts above are not included.", Text(view, "kpi-scope"));
        var missing = view.FindAll("[data-testid=account-total-missing]");
        Assert.Equal(2, missing.Count);
        Assert.Contains("Kite second: Rate limited — not included", missing[0].TextContent, StringComparison.Ordinal);
        Assert.Equal(2, view.FindAll("[data-testid=portfolio-issue]").Count);
    }

    [Fact]
    public void Complete_load_has_no_scope_note_and_draws_the_charts()
    {
        var view = RenderView(Snapshot([Loaded("Kite main")], []));

        Assert.Empty(view.FindAll("[data-testid=kpi-scope]"));
        Assert.Contains("12,000.00", Text(view, "holdings-value"), StringComparison.Ordinal);
        Assert.NotNull(view.Find("[data-testid=chart-by-account] svg"));
        Assert.NotNull(view.Find("[data-testid=chart-day-pnl] svg"));
    }

    [Fact]
    public void Profit_is_green_with_a_plus_and_loss_red_with_a_minus()
    {
        var view = RenderView(Snapshot([Loaded("Kite main", dayPnl: -1234.5m, holdingsPnl: 2000m)], []));

        var total = view.Find("[data-testid=total-pnl]");
        Assert.Equal("+1,950.00", total.TextContent.Trim());
        Assert.Contains("mud-success-text", total.ClassName, StringComparison.Ordinal);
        Assert.Equal("1", total.GetAttribute("data-sign"));

        var day = view.Find("[data-testid=day-pnl]");
        Assert.Equal("-1,234.50", day.TextContent.Trim());
        Assert.Contains("mud-error-text", day.ClassName, StringComparison.Ordinal);
        Assert.Equal("-1", day.GetAttribute("data-sign"));
    }

    [Fact]
    public void Flat_pnl_has_no_colour_and_no_sign()
    {
        var view = RenderView(Snapshot([Loaded("Kite main", dayPnl: 0m)], []));

        var day = view.Find("[data-testid=day-pnl]");
        Assert.Equal("0.00", day.TextContent.Trim());
        Assert.DoesNotContain("mud-success-text", day.ClassName, StringComparison.Ordinal);
        Assert.DoesNotContain("mud-error-text", day.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void Holdings_tab_lists_each_instrument_once_with_its_pnl()
    {
        var line = new AccountLine(Guid.NewGuid(), "Kite main", "CNC", 10, 1400m, 1500m, 1000m, 50m);
        var infy = new SymbolAggregate(new InstrumentKey("NSE", "INFY"), 10, 1400m, 1500m, 1000m, 50m, [line]);

        var view = RenderView(Snapshot([Loaded("Kite main")], [], [infy]));

        var row = Assert.Single(view.FindAll("[data-testid=holdings-row]"));
        Assert.Equal("INFY", row.GetAttribute("data-symbol"));
        Assert.Equal("+1,000.00", view.Find("[data-testid=row-pnl]").TextContent.Trim());
        Assert.Contains("Holdings (1)", view.Find("[data-testid=portfolio-tabs]").TextContent, StringComparison.Ordinal);
    }
}
