using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.CredentialChecks;

namespace BrokerConsole.Core.Brokers.AngelOne;

/// <summary>
/// Angel One: a real <c>loginByPassword</c> with the client code, MPIN and a TOTP made from the given seed (through
/// the same <see cref="IDirectBrokerLogin"/> as Connect), then an immediate logout; the JWT is never stored.
/// </summary>
internal sealed class AngelOneCredentialCheck(IEnumerable<IDirectBrokerLogin> logins, IBrokerClientFactory clients) : ICredentialCheck
{
    public BrokerKind Broker => BrokerKind.AngelOne;

    public async Task<CredentialCheckResult> CheckAsync(AccountDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var login = logins.First(l => l.Broker == Broker);
        SessionGrant grant;
        try
        {
            grant = await login.LogInAsync(new DirectLoginCredentials(draft.Environment, draft.ClientId, draft.ApiKey)
            {
                Mpin = draft.Mpin,
                TotpSecret = draft.TotpSecret,
            }, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            return new(Broker, CredentialProblem.Rejected, ex.Message, [new("login", CredentialCheckOutcome.Failed, ex.Message)]);
        }
        catch (BrokerApiException ex)
        {
            return CredentialFailures.NotAVerdict(Broker, ex, "login")
                ?? new(Broker, CredentialProblem.Rejected, "Angel One refused the login.",
                [
                    new("login", CredentialCheckOutcome.Failed, $"Angel One refused the login with this client code, API key, MPIN and TOTP. {ex.Message}"),
                    new("logout", CredentialCheckOutcome.NotChecked, "No session was created."),
                ]);
        }

        var steps = new List<CredentialCheckStep>
        {
            new("login", CredentialCheckOutcome.Passed, $"Logged in as {grant.UserName ?? grant.UserId} with the MPIN and a TOTP from the given secret."),
        };
        try
        {
            var connection = new BrokerConnection(Broker, draft.Environment, draft.ApiKey ?? "", grant.AccessToken) { ClientId = draft.ClientId };
            await clients.Create(connection).LogoutAsync(CancellationToken.None);
            steps.Add(new("logout", CredentialCheckOutcome.Passed, "The test session was ended at Angel One at once."));
        }
        catch (BrokerApiException ex)
        {
            // The credentials are proven either way; the test session then simply lapses at Angel One's daily cut-off.
            steps.Add(new("logout", CredentialCheckOutcome.Failed, $"The test session could not be ended ({ex.Message}); it lapses by itself."));
        }

        return ClientIdCheck.Confirm(Broker, draft.ClientId, grant, steps, "Angel One accepted the client code, API key, MPIN and TOTP secret. Nothing was stored.");
    }
}
