using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Baskets;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Tests.Components.Accounts;
using BrokerConsole.Web.Components.Baskets;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Components.Baskets;

/// <summary>The Baskets page: the accounts picker (live-session dot, no session = disabled), preview, and one confirm of exactly that preview.</summary>
public sealed class BasketsPageTests : ConsoleComponentTest
{
    private readonly AccountSummary _kite = AccountSamples.Account(BrokerKind.Zerodha, "Kite main", "DA1234");
    private readonly AccountSummary _angel = AccountSamples.Account(BrokerKind.AngelOne, "Angel", "A1001");
    private readonly AccountSummary _dhan = AccountSamples.Account(BrokerKind.Dhan, "Dhan off", "1100000001");
    private readonly RecordingBaskets _baskets = new();

    public BasketsPageTests()
    {
        var sessions = new FakeSessions();
        sessions.Views[_kite.Id] = AccountSamples.View(_kite.Id, SessionState.Active);
        sessions.Views[_angel.Id] = AccountSamples.View(_angel.Id, SessionState.Active);
        Services.AddSingleton<IAccountService>(new Pages.FakeAccountService(_kite, _angel, _dhan));
        Services.AddSingleton<ISessionService>(sessions);
        Services.AddSingleton<IBasketService>(_baskets);
        Services.AddSingleton<Core.Identity.ICurrentUser>(new Pages.FakeCurrentUser());
    }

    [Fact]
    public void New_basket_picks_the_live_accounts_previews_and_confirms_exactly_that_preview()
    {
        var page = Render<BasketsPage>();
        page.Find("[data-testid=new-basket]").Click();

        var rows = page.FindAll("[data-testid=basket-account]");
        Assert.Equal(3, rows.Count);
        var dhanRow = rows.Single(r => r.TextContent.Contains("Dhan off", StringComparison.Ordinal));
        Assert.Equal("false", dhanRow.GetAttribute("data-live"));
        Assert.True(dhanRow.QuerySelector("input")!.HasAttribute("disabled"));

        page.Find("[data-testid=basket-name]").Change("Morning");
        page.Find("[data-testid=leg-symbol]").Change("SBIN");
        page.Find("[data-testid=preview-basket]").Click();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=preview-item]").Count));
        var draft = Assert.Single(_baskets.Previewed);
        Assert.Equal([_kite.Id, _angel.Id], draft.Targets.Select(t => t.AccountId));
        Assert.Equal("SBIN", Assert.Single(draft.Legs).TradingSymbol);

        page.Find("[data-testid=confirm-basket]").Click();
        page.WaitForAssertion(() => Assert.Single(_baskets.Placed));
        Assert.Equal(RecordingBaskets.Fingerprint, _baskets.Placed[0].Fingerprint);
        Assert.EndsWith($"schedules/runs/{RecordingBaskets.RunId}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    /// <summary>Previews every target account once per leg; records what was previewed and placed.</summary>
    private sealed class RecordingBaskets : IBasketService
    {
        public const string Fingerprint = "f1ngerpr1nt";
        public static readonly Guid RunId = Guid.NewGuid();

        public List<BasketDraft> Previewed { get; } = [];

        public List<(BasketDraft Draft, string? Fingerprint)> Placed { get; } = [];

        public Task<BasketPreview> PreviewAsync(BasketDraft draft, CancellationToken cancellationToken = default)
        {
            Previewed.Add(draft);
            var items = draft.Targets.SelectMany(t => draft.Legs.Select((l, i) => new BasketPreviewItem(t.AccountId, "acc", BrokerKind.Zerodha, "C1", i, l.Describe(),
                l.Exchange, l.TradingSymbol, l.Quantity, [new BasketCheck(BasketPlanner.SessionCheck, BasketCheckState.Passed)]))).ToList();
            return Task.FromResult(new BasketPreview(null, draft.Name, items, Fingerprint));
        }

        public Task<BasketRunStarted> PlaceAsync(BasketDraft draft, string? previewFingerprint, string? idempotencyKey, CancellationToken cancellationToken = default)
        {
            Placed.Add((draft, previewFingerprint));
            return Task.FromResult(new BasketRunStarted(RunId, 2, 2, false));
        }

        public Task<IReadOnlyList<BasketView>> ListAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<BasketView>>([]);

        public Task<BasketView> GetAsync(Guid basketId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<BasketView> CreateAsync(BasketDraft draft, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<BasketView> UpdateAsync(Guid basketId, BasketDraft draft, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task DeleteAsync(Guid basketId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<BasketPreview> PreviewAsync(Guid basketId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<BasketRunStarted> PlaceAsync(Guid basketId, string? previewFingerprint, string? idempotencyKey, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<ScheduleRunView> GetRunAsync(Guid runId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
