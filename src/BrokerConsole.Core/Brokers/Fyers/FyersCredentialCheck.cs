using System.Security.Cryptography;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.CredentialChecks;

namespace BrokerConsole.Core.Brokers.Fyers;

/// <summary>
/// Fyers: <c>validate-authcode</c> with the app's <c>appIdHash</c> and an auth code that was never issued. Only an
/// answer about the hash (code -371, "invalid app id hash") proves the app id or secret wrong; -437 "invalid auth code"
/// means Fyers looked at the code first, which proves the API reachable but says nothing about the secret: that step
/// is reported as not checked rather than guessed. The first real login checks it.
/// </summary>
internal sealed class FyersCredentialCheck(IEnumerable<IPopupBrokerLogin> logins) : ICredentialCheck
{
    private const string HashStep = "app_id_and_secret";

    public BrokerKind Broker => BrokerKind.Fyers;

    public async Task<CredentialCheckResult> CheckAsync(AccountDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var login = logins.First(l => l.Broker == Broker);
        var probe = "bcprobe." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        try
        {
            await login.ExchangeAsync(draft.Environment, draft.ApiKey!, draft.ApiSecret!, probe, cancellationToken);
            // A made-up code cannot be accepted; if it were, the session is simply not kept.
            return new(Broker, CredentialProblem.None, "Fyers accepted the app id and secret. Nothing was stored.",
                [new(HashStep, CredentialCheckOutcome.Passed, "Fyers accepted the appIdHash.")]);
        }
        catch (BrokerApiException ex) when (ex.ErrorCode == "-371" || ex.BrokerMessage?.Contains("hash", StringComparison.OrdinalIgnoreCase) == true)
        {
            return new(Broker, CredentialProblem.Rejected, "Fyers refused the app id hash: the app id or the secret is wrong.",
                [new(HashStep, CredentialCheckOutcome.Failed, $"Fyers refused sha256(app_id:secret). {ex.Message}")]);
        }
        catch (BrokerApiException ex) when (ex.ErrorCode == "-437" || ex.BrokerMessage?.Contains("auth code", StringComparison.OrdinalIgnoreCase) == true)
        {
            return new(Broker, CredentialProblem.None,
                "Fyers is reachable and answered the test. It checks the login code before the app secret, so the secret can only be proven by the first login. Nothing was stored.",
            [
                new("api", CredentialCheckOutcome.Passed, "Fyers' validate-authcode answered (it refused the test's made-up code, as expected)."),
                new(HashStep, CredentialCheckOutcome.NotChecked, "Fyers checks the login code before the appIdHash; the first login checks the app id and secret."),
            ]);
        }
        catch (BrokerApiException ex)
        {
            return CredentialFailures.NotAVerdict(Broker, ex, HashStep)
                ?? new(Broker, CredentialProblem.Rejected, ex.Message, [new(HashStep, CredentialCheckOutcome.Failed, ex.Message)]);
        }
    }
}
