namespace BrokerConsole.Core.Exits;

/// <summary>
/// Closing the signed-in user's positions: preview what would be sent, then confirm that exact preview once. Acts only on
/// the current user's accounts; accounts without a live session are listed as skipped, never left out silently.
/// </summary>
public interface IExitService
{
    /// <summary>Reads the positions in scope now and plans one closing order per position line; nothing is sent.</summary>
    /// <exception cref="ExitRequestInvalidException">The scope or prices are incomplete.</exception>
    /// <exception cref="Accounts.AccountNotFoundException">The scope's account is not the current user's.</exception>
    Task<ExitPlan> PreviewAsync(ExitScope scope, ExitPricing pricing, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends the previewed orders, each once with its own tag, after checking each position is still what the preview saw.
    /// A plan can be confirmed once: a second confirm throws. Broker outcomes are part of the result. Audited.
    /// </summary>
    /// <exception cref="ExitPlanNotFoundException">Unknown, another user's, already confirmed or expired.</exception>
    Task<ExitRun> ConfirmAsync(Guid planId, CancellationToken cancellationToken = default);
}
