using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Instruments;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Sessions;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Baskets;

internal sealed class BasketService(
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    ICurrentUser currentUser,
    IAccountService accounts,
    ISessionService sessions,
    InstrumentCatalog instruments,
    IScheduleService runs,
    IAuditTrail audit,
    BasketRunCreator creator,
    TimeProvider time) : IBasketService
{
    public async Task<IReadOnlyList<BasketView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var baskets = await db.Baskets.AsNoTracking().Where(b => b.OwnerId == ownerId).ToListAsync(cancellationToken);
        return baskets.OrderBy(b => b.Name, StringComparer.OrdinalIgnoreCase).Select(ToView).ToList();
    }

    public async Task<BasketView> GetAsync(Guid basketId, CancellationToken cancellationToken = default) => ToView(await LoadAsync(basketId, cancellationToken));

    public async Task<BasketView> CreateAsync(BasketDraft draft, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await BasketValidator.ValidateAsync(draft, accounts, cancellationToken);
        var now = time.GetUtcNow();
        var basket = new Basket { Id = Guid.NewGuid(), OwnerId = ownerId, Name = draft.Name.Trim(), CreatedAt = now };
        Apply(basket, draft, now);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Baskets.Add(basket);
        await db.SaveChangesAsync(cancellationToken);
        return ToView(basket);
    }

    public async Task<BasketView> UpdateAsync(Guid basketId, BasketDraft draft, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Ownership before validation: another user's id must not even reveal whether the draft is valid.
        var basket = await db.Baskets.SingleOrDefaultAsync(b => b.Id == basketId && b.OwnerId == ownerId, cancellationToken)
            ?? throw new BasketNotFoundException(basketId);
        await BasketValidator.ValidateAsync(draft, accounts, cancellationToken);
        Apply(basket, draft, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return ToView(basket);
    }

    public async Task DeleteAsync(Guid basketId, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Baskets.Where(b => b.Id == basketId && b.OwnerId == ownerId).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw new BasketNotFoundException(basketId);
        }
    }

    public async Task<BasketPreview> PreviewAsync(Guid basketId, CancellationToken cancellationToken = default)
    {
        var basket = await LoadAsync(basketId, cancellationToken);
        return await PreviewAsync(basket.Id, basket.Name, basket.Legs, basket.Targets, basket.QuantityRule, cancellationToken);
    }

    public async Task<BasketPreview> PreviewAsync(BasketDraft draft, CancellationToken cancellationToken = default)
    {
        currentUser.RequireUserId();
        // Opened from a saved basket: the run keeps the link. Only the owner's own basket links (another id is not found,
        // before validation, so it does not even reveal whether the draft is valid).
        var savedId = draft.SavedBasketId is { } id ? (await LoadAsync(id, cancellationToken)).Id : (Guid?)null;
        await BasketValidator.ValidateAsync(draft, accounts, cancellationToken);
        return await PreviewAsync(savedId, draft.Name.Trim(), Legs(draft), draft.Targets, draft.QuantityRule, cancellationToken);
    }

    public async Task<BasketRunStarted> PlaceAsync(Guid basketId, string? previewFingerprint, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        var basket = await LoadAsync(basketId, cancellationToken);
        if (await creator.FindReplayAsync(ownerId, idempotencyKey, cancellationToken) is { } replay)
        {
            return replay;
        }

        var preview = await PreviewAsync(basket.Id, basket.Name, basket.Legs, basket.Targets, basket.QuantityRule, cancellationToken);
        return await ConfirmAsync(ownerId, preview, basket.Legs, previewFingerprint, idempotencyKey);
    }

    public async Task<BasketRunStarted> PlaceAsync(BasketDraft draft, string? previewFingerprint, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        var ownerId = currentUser.RequireUserId();
        if (await creator.FindReplayAsync(ownerId, idempotencyKey, cancellationToken) is { } replay)
        {
            return replay;
        }

        var preview = await PreviewAsync(draft, cancellationToken);
        return await ConfirmAsync(ownerId, preview, Legs(draft), previewFingerprint, idempotencyKey);
    }

    public async Task<ScheduleRunView> GetRunAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        try
        {
            var run = await runs.GetRunAsync(runId, cancellationToken);
            return run.Kind == RunKind.Basket ? run : throw new BasketNotFoundException(runId);
        }
        catch (ScheduleNotFoundException)
        {
            throw new BasketNotFoundException(runId);
        }
    }

    private async Task<BasketRunStarted> ConfirmAsync(string ownerId, BasketPreview preview, IReadOnlyList<ScheduledOrder> legs, string? previewFingerprint, string? idempotencyKey)
    {
        if (previewFingerprint is not null && !string.Equals(previewFingerprint, preview.Fingerprint, StringComparison.Ordinal))
        {
            throw new BasketPreviewChangedException();
        }

        // From here on orders may leave: the caller's cancellation no longer applies.
        var started = await creator.CreateAndQueueAsync(ownerId, preview, legs, idempotencyKey, CancellationToken.None);
        if (!started.Replayed)
        {
            var accountCount = preview.Items.Select(i => i.AccountId).Distinct().Count();
            await audit.RecordAsync(ownerId, AuditAction.BasketPlaced,
                $"Placed basket '{preview.Name}': {preview.ToSend} order(s) on {accountCount} account(s), {preview.ToSkip} skipped", cancellationToken: CancellationToken.None);
        }

        return started;
    }

    private async Task<BasketPreview> PreviewAsync(Guid? basketId, string name, IReadOnlyList<ScheduledOrder> legs, IReadOnlyList<BasketTarget> targets,
        BasketQuantityRule rule, CancellationToken cancellationToken)
    {
        var owned = await accounts.ListAsync(cancellationToken);
        var views = await sessions.GetViewsAsync(cancellationToken);
        var byId = owned.ToDictionary(a => a.Id, a =>
        {
            var view = views.GetValueOrDefault(a.Id);
            var live = view?.State == SessionState.Active;
            return new BasketAccount(a.Id, a.DisplayName, a.Broker, a.ClientId, live, live ? null : Describe(view));
        });
        return BasketPlanner.Preview(basketId, name, legs, targets, rule, byId, await instruments.GetAsync(cancellationToken));
    }

    private static string Describe(AccountSessionView? view) => view?.State switch
    {
        SessionState.Expired => "the session has expired",
        SessionState.None or null => "not logged in",
        _ => "the last session check failed",
    };

    private async Task<Basket> LoadAsync(Guid basketId, CancellationToken cancellationToken)
    {
        var ownerId = currentUser.RequireUserId();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Baskets.AsNoTracking().SingleOrDefaultAsync(b => b.Id == basketId && b.OwnerId == ownerId, cancellationToken)
            ?? throw new BasketNotFoundException(basketId);
    }

    private static List<ScheduledOrder> Legs(BasketDraft draft) => draft.Legs.Select(ScheduledOrder.From).ToList();

    private static void Apply(Basket basket, BasketDraft draft, DateTimeOffset now)
    {
        basket.Name = draft.Name.Trim();
        basket.Legs = Legs(draft);
        basket.Targets = draft.Targets.DistinctBy(t => t.AccountId).ToList();
        basket.QuantityRule = draft.QuantityRule;
        basket.UpdatedAt = now;
    }

    private static BasketView ToView(Basket b) =>
        new(b.Id, b.Name, b.Legs.Select(l => l.ToTicket(Guid.Empty)).ToList(), b.Targets, b.QuantityRule, b.UpdatedAt);
}
