using BrokerConsole.Core.Scheduling;

namespace BrokerConsole.Core.Baskets;

/// <summary>
/// The signed-in user's baskets: save and reuse them, preview one (saved or ad hoc) and confirm it. A confirmed basket is a
/// run of the scheduler's executor (<see cref="ScheduleRun"/> with <see cref="RunKind.Basket"/>): one item per (account,
/// order), each with its own deterministic tag, sent at most once, reconciled by tag and resumed after a restart.
/// Another user's basket or account behaves exactly like a missing one.
/// </summary>
public interface IBasketService
{
    Task<IReadOnlyList<BasketView>> ListAsync(CancellationToken cancellationToken = default);

    /// <exception cref="BasketNotFoundException">Unknown or another user's.</exception>
    Task<BasketView> GetAsync(Guid basketId, CancellationToken cancellationToken = default);

    /// <exception cref="BasketValidationException">Nothing saved.</exception>
    Task<BasketView> CreateAsync(BasketDraft draft, CancellationToken cancellationToken = default);

    /// <exception cref="BasketNotFoundException">Unknown or another user's.</exception>
    /// <exception cref="BasketValidationException">Nothing saved.</exception>
    Task<BasketView> UpdateAsync(Guid basketId, BasketDraft draft, CancellationToken cancellationToken = default);

    /// <summary>Deletes the basket; its runs stay in history.</summary>
    /// <exception cref="BasketNotFoundException">Unknown or another user's.</exception>
    Task DeleteAsync(Guid basketId, CancellationToken cancellationToken = default);

    /// <summary>Every (account, order) a confirm of the saved basket would place, with its checks. Sends nothing.</summary>
    Task<BasketPreview> PreviewAsync(Guid basketId, CancellationToken cancellationToken = default);

    /// <summary>Every (account, order) a confirm of <paramref name="draft"/> would place, with its checks. Sends nothing.</summary>
    Task<BasketPreview> PreviewAsync(BasketDraft draft, CancellationToken cancellationToken = default);

    /// <summary>
    /// Confirms the saved basket: creates its run (items that failed a check are recorded as skipped) and queues it for the
    /// executor. With <paramref name="previewFingerprint"/>, places only if a fresh preview is the same, else nothing.
    /// With <paramref name="idempotencyKey"/>, a repeat of the request returns the first run and places nothing more.
    /// </summary>
    /// <exception cref="BasketPreviewChangedException">The preview changed; nothing sent.</exception>
    Task<BasketRunStarted> PlaceAsync(Guid basketId, string? previewFingerprint, string? idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="PlaceAsync(Guid, string?, string?, CancellationToken)"/> for a basket that is not saved.</summary>
    Task<BasketRunStarted> PlaceAsync(BasketDraft draft, string? previewFingerprint, string? idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>One basket run with every (account, order) and its outcome.</summary>
    /// <exception cref="BasketNotFoundException">Unknown, another user's, or not a basket run.</exception>
    Task<ScheduleRunView> GetRunAsync(Guid runId, CancellationToken cancellationToken = default);
}
