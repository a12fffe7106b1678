using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Portfolio;
using BrokerConsole.Web.Components.Portfolio;

namespace BrokerConsole.Tests.Components;

/// <summary>The portfolio totals say what they cover when some accounts could not be loaded.</summary>
public sealed class PortfolioViewRenderTests
{
    private static readonly DateTimeOffset _loadedAt = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static AccountIssue RateLimited(string name) =>
        new(Guid.NewGuid(), name, AccountIssueKind.RateLimited, "Zerodha is limiting requests. Try again in a moment.");

    private static PortfolioSnapshot Snapshot(IReadOnlyList<AccountTotals> totals, IReadOnlyList<AccountIssue> issues) => new(
        [.. totals.Select(t => new AccountPortfolio(t.AccountId, t.DisplayName, BrokerKind.Zerodha, new Funds(null, null), new Positions([], []), []))],
        issues, [], [], [], totals,
        TotalFunds: totals.Sum(t => t.AvailableFunds), TotalHoldingsValue: totals.Sum(t => t.HoldingsValue),
        TotalPnl: totals.Sum(t => t.HoldingsPnl + t.PositionsPnl), TotalDayPnl: totals.Sum(t => t.DayPnl),
        _loadedAt, BrokerCalls: 3);

    private static Task<AngleSharp.Html.Dom.IHtmlDocument> RenderAsync(PortfolioSnapshot snapshot) =>
        StaticRendering.RenderAsync<PortfolioView>(new Dictionary<string, object?> { [nameof(PortfolioView.Snapshot)] = snapshot });

    private static string Text(AngleSharp.Html.Dom.IHtmlDocument document, string testId) =>
        document.QuerySelector($"[data-testid={testId}]")?.TextContent.Trim() ?? throw new Xunit.Sdk.XunitException($"No {testId} in the page.");

    [Fact]
    public async Task Nothing_loaded_shows_dashes_not_zero_rupees()
    {
        var document = await RenderAsync(Snapshot([], [RateLimited("Kite main")]));

        foreach (var tile in new[] { "total-funds", "holdings-value", "total-pnl", "day-pnl" })
        {
            Assert.Equal("—", Text(document, tile));
        }

        Assert.Equal("No account could be loaded, so there are no totals.", Text(document, "kpi-scope"));
    }

    [Fact]
    public async Task Partial_load_says_how_many_accounts_the_totals_cover()
    {
        var loaded = new AccountTotals(Guid.NewGuid(), "Kite main", 5000m, 12000m, 300m, -50m, 120m);

        var document = await RenderAsync(Snapshot([loaded], [RateLimited("Kite second"), RateLimited("Kite third")]));

        Assert.Contains("5,000.00", Text(document, "total-funds"), StringComparison.Ordinal);
        Assert.Equal("Totals cover 1 of 3 accounts; the 2 accounts above are not included.", Text(document, "kpi-scope"));
        Assert.Equal(2, document.QuerySelectorAll("[data-testid=account-total-missing]").Length);
    }

    [Fact]
    public async Task Complete_load_has_no_scope_note()
    {
        var loaded = new AccountTotals(Guid.NewGuid(), "Kite main", 5000m, 12000m, 300m, -50m, 120m);

        var document = await RenderAsync(Snapshot([loaded], []));

        Assert.Null(document.QuerySelector("[data-testid=kpi-scope]"));
        Assert.Contains("12,000.00", Text(document, "holdings-value"), StringComparison.Ordinal);
    }
}
