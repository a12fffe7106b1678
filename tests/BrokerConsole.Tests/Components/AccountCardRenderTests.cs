using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Web.Components.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Tests.Components;

/// <summary>The account card rendered to HTML with given parameters: the "refresh soon" hint and the expired card's reconnect.</summary>
public sealed class AccountCardRenderTests
{
    private static readonly DateTimeOffset _now = new(2026, 11, 24, 23, 0, 0, TimeSpan.Zero); // 04:30 IST, 1h 30m before the flush
    private static readonly DateTimeOffset _expires = new(2026, 11, 25, 0, 30, 0, TimeSpan.Zero); // 06:00 IST

    private static AccountSummary Account() => new(Guid.NewGuid(), BrokerKind.Zerodha, "Card test", "AB1234", AccountEnvironment.Sandbox,
        "cardtest01", "http://localhost/cb", null, new HashSet<SecretKind> { SecretKind.ApiSecret }, _now, _now);

    private static AccountSessionView View(Guid accountId, SessionState state) =>
        new(accountId, state, SessionHealth.Healthy, _now.AddHours(-12), _expires, _now.AddMinutes(-3), "AB1234", "Card Tester", null, null,
            state == SessionState.Expired ? "The broker ended the session (TokenException). Log in again." : null);

    private static async Task<AngleSharp.Dom.IElement> RenderAsync(AccountSummary account, AccountSessionView view, DateTimeOffset now, TimeSpan warning)
    {
        var document = await StaticRendering.RenderAsync<AccountCard>(
            new Dictionary<string, object?>
            {
                [nameof(AccountCard.Account)] = account,
                [nameof(AccountCard.View)] = view,
                [nameof(AccountCard.Now)] = now,
            },
            services => services.AddSingleton(Options.Create(new SessionOptions { ExpiryWarning = warning })));
        return document.QuerySelector("[data-testid=account-card]")!;
    }

    [Fact]
    public async Task Card_under_the_warning_threshold_shows_refresh_soon()
    {
        var account = Account();

        var card = await RenderAsync(account, View(account.Id, SessionState.Active), _now, TimeSpan.FromHours(2));

        var hint = card.QuerySelector("[data-testid=refresh-soon]");
        Assert.NotNull(hint);
        Assert.Contains("Refresh soon", hint!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(card.QuerySelector("[data-testid=time-remaining].bc-warn"));
    }

    [Fact]
    public async Task Card_above_the_warning_threshold_has_no_hint()
    {
        var account = Account();

        var card = await RenderAsync(account, View(account.Id, SessionState.Active), _now, TimeSpan.FromHours(1));

        Assert.Null(card.QuerySelector("[data-testid=refresh-soon]"));
        Assert.Null(card.QuerySelector("[data-testid=time-remaining].bc-warn"));
    }

    [Fact]
    public async Task Expired_card_offers_one_click_reconnect_and_says_why()
    {
        var account = Account();

        var card = await RenderAsync(account, View(account.Id, SessionState.Expired), _now, TimeSpan.FromHours(2));

        Assert.Equal("Expired", card.GetAttribute("data-state"));
        Assert.Equal("Expired", card.QuerySelector("[data-testid=session-badge]")!.TextContent.Trim());
        var connect = card.QuerySelector("[data-testid=connect-account]")!;
        Assert.Equal($"connect/zerodha/start?accountId={account.Id}", connect.GetAttribute("data-connect-url"));
        Assert.Contains("TokenException", card.QuerySelector("[data-testid=card-note]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(card.QuerySelector("[data-testid=refresh-soon]"));
    }
}
