using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Exits;

/// <summary>What one line of a kill-switch run did.</summary>
public enum KillSwitchStep
{
    /// <summary>Cancel of one open or pending order.</summary>
    Cancel,

    /// <summary>Square-off of one intraday position.</summary>
    Exit,

    /// <summary>The account as a whole (skipped without a session, or its books could not be read).</summary>
    Account,
}

/// <summary>One cancel, one square-off, or one account that was skipped, with its outcome in words.</summary>
public sealed record KillSwitchItem(Guid AccountId, string AccountName, BrokerKind Broker, KillSwitchStep Step, string What, ExitOutcome Outcome, string Message,
    string? OrderId = null, string? Tag = null);

/// <summary>A kill-switch run of one user: every cancel and every square-off, per account.</summary>
public sealed record KillSwitchRun(Guid Id, DateTimeOffset At, IReadOnlyList<KillSwitchItem> Items)
{
    public int Count(KillSwitchStep step, ExitOutcome outcome) => Items.Count(i => i.Step == step && i.Outcome == outcome);

    /// <summary>The counts the audit entry and the result page's heading give.</summary>
    public string Summary()
    {
        var skipped = Items.Where(i => i.Step == KillSwitchStep.Account && i.Outcome == ExitOutcome.Skipped).Select(i => i.AccountName).ToList();
        return $"{Count(KillSwitchStep.Cancel, ExitOutcome.Done)} order(s) cancelled ({Items.Count(i => i.Step == KillSwitchStep.Cancel && i.Outcome != ExitOutcome.Done)} not), " +
            $"{Count(KillSwitchStep.Exit, ExitOutcome.Done)} intraday position(s) squared off ({Count(KillSwitchStep.Exit, ExitOutcome.Rejected)} rejected, " +
            $"{Count(KillSwitchStep.Exit, ExitOutcome.Unknown)} unknown, {Count(KillSwitchStep.Exit, ExitOutcome.Skipped)} not sent), " +
            $"{skipped.Count} account(s) skipped{(skipped.Count == 0 ? "" : ": " + string.Join(", ", skipped))}";
    }
}

/// <summary>The typed confirmation did not match; nothing was cancelled or sent.</summary>
public sealed class KillSwitchNotConfirmedException() : Errors.ValidationFailedException(
    $"Type {KillSwitchService.Phrase} exactly to run the kill switch; nothing was cancelled or sent.");
