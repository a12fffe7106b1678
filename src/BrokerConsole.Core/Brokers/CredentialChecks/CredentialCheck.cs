using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Brokers.CredentialChecks;

public enum CredentialCheckOutcome
{
    Passed,
    Failed,

    /// <summary>Not tested: an earlier step failed, or the broker offers no way to test it without a login.</summary>
    NotChecked,
}

/// <summary>Why a check did not pass, for callers that answer differently (the API's problem types).</summary>
public enum CredentialProblem
{
    None,

    /// <summary>The broker said no to a credential: the user must fix a field.</summary>
    Rejected,

    /// <summary>The broker could not be reached or answered with a server error: nothing is known about the credentials.</summary>
    Unavailable,

    /// <summary>Too many requests right now; try again.</summary>
    RateLimited,

    /// <summary>
    /// Nothing was refused, but a credential could not be tested (e.g. Kite answered about the made-up request token
    /// without saying whether it checked the secret): not a failure, not a proof either.
    /// </summary>
    NotProven,
}

/// <summary>One thing tested, e.g. "api_key" or "login"; <see cref="Detail"/> is a sentence for the user, never a secret.</summary>
public sealed record CredentialCheckStep(string Name, CredentialCheckOutcome Outcome, string Detail);

/// <summary>What a credential test found, step by step. Nothing of it is stored anywhere.</summary>
public sealed record CredentialCheckResult(BrokerKind Broker, CredentialProblem Problem, string Summary, IReadOnlyList<CredentialCheckStep> Steps)
{
    public bool Passed => Problem == CredentialProblem.None;
}

/// <summary>
/// Tests one broker's connection credentials against the broker itself without storing anything: no account, no
/// session row, no token kept in memory past the call. Each broker's implementation uses the broker's cheapest call
/// that tells a wrong key from a wrong secret (see the implementations for what each broker allows).
/// </summary>
public interface ICredentialCheck
{
    BrokerKind Broker { get; }

    /// <summary>Calls the broker with <paramref name="draft"/>'s credentials (already field-validated).</summary>
    Task<CredentialCheckResult> CheckAsync(AccountDraft draft, CancellationToken cancellationToken);
}

/// <summary>Picks the <see cref="ICredentialCheck"/> of the draft's broker.</summary>
public interface ICredentialChecker
{
    /// <exception cref="NotSupportedException">No check exists for the broker.</exception>
    Task<CredentialCheckResult> CheckAsync(AccountDraft draft, CancellationToken cancellationToken);
}

internal sealed class CredentialChecker(IEnumerable<ICredentialCheck> checks) : ICredentialChecker
{
    public Task<CredentialCheckResult> CheckAsync(AccountDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var check = checks.FirstOrDefault(c => c.Broker == draft.Broker)
            ?? throw new NotSupportedException($"No credential check for {draft.Broker}.");
        return check.CheckAsync(draft, cancellationToken);
    }
}

/// <summary>Shared mapping of "the broker could not answer" failures, which say nothing about the credentials.</summary>
internal static class CredentialFailures
{
    /// <summary>A result for an exception that is not the broker's verdict on a credential; null when it is one.</summary>
    public static CredentialCheckResult? NotAVerdict(BrokerKind broker, BrokerApiException ex, string step, params CredentialCheckStep[] before) => ex switch
    {
        RateLimitedException => new(broker, CredentialProblem.RateLimited, ex.Message,
            [.. before, new CredentialCheckStep(step, CredentialCheckOutcome.NotChecked, ex.Message)]),
        BrokerUnavailableException or UnclassifiedBrokerException => new(broker, CredentialProblem.Unavailable,
            $"{BrokerApiException.BrokerName(broker)} could not be asked; nothing is known about the credentials yet. {ex.Message}",
            [.. before, new CredentialCheckStep(step, CredentialCheckOutcome.NotChecked, ex.Message)]),
        _ => null,
    };
}
