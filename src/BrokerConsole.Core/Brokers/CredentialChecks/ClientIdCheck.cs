using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Brokers.CredentialChecks;

/// <summary>The last step of a check that logged in: the session must belong to the account's own client id.</summary>
internal static class ClientIdCheck
{
    /// <summary>Adds the client-id step to <paramref name="steps"/> and gives the verdict: passed, or rejected for someone else's credentials.</summary>
    public static CredentialCheckResult Confirm(BrokerKind broker, string clientId, SessionGrant grant, List<CredentialCheckStep> steps, string passed)
    {
        if (!string.Equals(grant.UserId, clientId.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            steps.Add(new("client_id", CredentialCheckOutcome.Failed, $"The credentials belong to {grant.UserId}, not {clientId}."));
            return new(broker, CredentialProblem.Rejected, $"The credentials belong to {grant.UserId}, not {clientId}.", steps);
        }

        steps.Add(new("client_id", CredentialCheckOutcome.Passed, $"The broker confirmed the account is {grant.UserId}."));
        return new(broker, CredentialProblem.None, passed, steps);
    }
}
