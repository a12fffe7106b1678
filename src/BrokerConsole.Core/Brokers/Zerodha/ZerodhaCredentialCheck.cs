using System.Security.Cryptography;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.CredentialChecks;

namespace BrokerConsole.Core.Brokers.Zerodha;

/// <summary>
/// Kite: <c>POST /session/token</c> with the given api_key and secret and a request token that cannot exist.
/// "Invalid `api_key`." means an unknown key; "Invalid `checksum`." means the key is right and the secret wrong.
/// "Token is invalid or has expired." proves nothing about the secret: Kite does not document whether it checks the
/// token or the checksum first, so that answer reports the secret as not checked (the first login checks it). No
/// session can result from a made-up token. The Zerodha user id cannot be tested without a real login either.
/// </summary>
internal sealed class ZerodhaCredentialCheck(IKiteSessionExchanger exchanger) : ICredentialCheck
{
    private const string ApiKeyStep = "api_key";
    private const string SecretStep = "api_secret";
    private const string UserStep = "user_id";

    public BrokerKind Broker => BrokerKind.Zerodha;

    public async Task<CredentialCheckResult> CheckAsync(AccountDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        // 32 random hex characters, shaped like a request token, that Kite never issued.
        var probe = "bcprobe" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var userNotChecked = new CredentialCheckStep(UserStep, CredentialCheckOutcome.NotChecked,
            "Kite cannot confirm the user id without a login; the first login refuses a session of another user.");
        try
        {
            // A made-up token never succeeds; should it ever, the session is ended at once and nothing is kept.
            var grant = await exchanger.ExchangeRequestTokenAsync(draft.Environment, draft.ApiKey!, draft.ApiSecret!, probe, cancellationToken);
            await exchanger.InvalidateAsync(draft.Environment, draft.ApiKey!, grant.AccessToken, CancellationToken.None);
            return Passed(userNotChecked);
        }
        catch (SessionExpiredException ex) when (ex.BrokerMessage is { } said)
        {
            if (said.Contains("api_key", StringComparison.OrdinalIgnoreCase))
            {
                return new(Broker, CredentialProblem.Rejected, "Kite does not know this API key.",
                [
                    new(ApiKeyStep, CredentialCheckOutcome.Failed, $"Kite does not know this API key (Kite said: {said}). Copy it from developers.kite.trade."),
                    new(SecretStep, CredentialCheckOutcome.NotChecked, "Not tested: the API key must be right first."),
                    userNotChecked,
                ]);
            }

            if (said.Contains("checksum", StringComparison.OrdinalIgnoreCase))
            {
                return new(Broker, CredentialProblem.Rejected, "The API key is right but the API secret is wrong.",
                [
                    new(ApiKeyStep, CredentialCheckOutcome.Passed, "Kite knows this API key."),
                    new(SecretStep, CredentialCheckOutcome.Failed, $"The checksum made with this secret was refused (Kite said: {said}): the API secret is wrong."),
                    userNotChecked,
                ]);
            }

            // "Token is invalid or has expired.": Kite may have refused the made-up token before looking at the checksum.
            return SecretNotProven(said, userNotChecked);
        }
        catch (BrokerApiException ex)
        {
            return CredentialFailures.NotAVerdict(Broker, ex, ApiKeyStep)
                ?? new(Broker, CredentialProblem.Rejected, ex.Message, [new(ApiKeyStep, CredentialCheckOutcome.Failed, ex.Message), userNotChecked]);
        }
    }

    private CredentialCheckResult SecretNotProven(string said, CredentialCheckStep user) => new(Broker, CredentialProblem.NotProven,
        "Kite knows this API key; the API secret was not checked (Kite refused only the test's made-up request token, and it does not " +
        "say whether it looked at the checksum first). The first login checks the secret. Nothing was stored.",
        [
            new(ApiKeyStep, CredentialCheckOutcome.Passed, "Kite knows this API key."),
            new(SecretStep, CredentialCheckOutcome.NotChecked, $"Not proven either way: Kite said \"{said}\" about the made-up request token; only \"Invalid `checksum`.\" would prove the secret wrong."),
            user,
        ]);

    private CredentialCheckResult Passed(CredentialCheckStep user) => new(Broker, CredentialProblem.None,
        "Kite accepted the API key and the API secret's checksum. Nothing was stored.",
        [
            new(ApiKeyStep, CredentialCheckOutcome.Passed, "Kite knows this API key."),
            new(SecretStep, CredentialCheckOutcome.Passed, "Kite accepted the checksum made with this secret (it refused only the test's made-up request token)."),
            user,
        ]);
}
