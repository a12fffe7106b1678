using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.CredentialChecks;

namespace BrokerConsole.Core.Brokers.Dhan;

/// <summary>
/// Dhan, per login mode. Access token: the profile call with it. PIN + TOTP: a real PIN + TOTP login (flow B) through
/// the same <see cref="IDirectBrokerLogin"/> as Connect; the token it issues is dropped (Dhan has no logout endpoint, so
/// it lapses after its 24 hours). API key + secret: generate-consent proves the pair (it spends one of the key's 25
/// consents a day); the browser half needs the person, so the login itself is reported as not checked.
/// </summary>
internal sealed class DhanCredentialCheck(IEnumerable<IDirectBrokerLogin> logins, DhanAuth auth) : ICredentialCheck
{
    public BrokerKind Broker => BrokerKind.Dhan;

    public Task<CredentialCheckResult> CheckAsync(AccountDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return draft.DhanLoginMode switch
        {
            DhanLoginMode.ApiKeyConsent => ConsentAsync(draft, cancellationToken),
            DhanLoginMode.PinTotp => LoginAsync(draft, "pin_totp", new DirectLoginCredentials(draft.Environment, draft.ClientId, draft.ApiKey)
            {
                Mpin = draft.Mpin,
                TotpSecret = draft.TotpSecret,
            }, cancellationToken),
            _ => LoginAsync(draft, "access_token", new DirectLoginCredentials(draft.Environment, draft.ClientId, draft.ApiKey) { AccessToken = draft.AccessToken }, cancellationToken),
        };
    }

    private async Task<CredentialCheckResult> LoginAsync(AccountDraft draft, string step, DirectLoginCredentials credentials, CancellationToken cancellationToken)
    {
        var what = step == "pin_totp" ? "the PIN and a TOTP from the given secret" : "the access token";
        var login = logins.First(l => l.Broker == Broker);
        SessionGrant grant;
        try
        {
            grant = await login.LogInAsync(credentials, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            return new(Broker, CredentialProblem.Rejected, ex.Message, [new(step, CredentialCheckOutcome.Failed, ex.Message)]);
        }
        catch (BrokerApiException ex)
        {
            return CredentialFailures.NotAVerdict(Broker, ex, step)
                ?? new(Broker, CredentialProblem.Rejected, $"Dhan refused {what}.",
                    [new(step, CredentialCheckOutcome.Failed, step == "pin_totp"
                        ? $"Dhan refused the login with this client id, PIN and TOTP secret. {ex.Message}"
                        : $"Dhan refused the access token (expired, revoked or mistyped). {ex.Message}")]);
        }

        var validity = grant.ExpiresAt is { } until ? $" It is valid until {Time.IndianTime.Format(until)} IST." : "";
        var passed = step == "pin_totp"
            ? "Dhan logged in with the PIN and a TOTP from the given secret; the test token was dropped (it lapses by itself, Dhan has no logout)."
            : "Dhan's profile call accepted the token." + validity;
        return ClientIdCheck.Confirm(Broker, draft.ClientId, grant,
            [new(step, CredentialCheckOutcome.Passed, passed)],
            $"Dhan accepted {what}. Nothing was stored.");
    }

    private async Task<CredentialCheckResult> ConsentAsync(AccountDraft draft, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(draft.ApiKey) || string.IsNullOrEmpty(draft.ApiSecret))
        {
            const string Missing = "Dhan's consent login needs the API key and the API secret.";
            return new(Broker, CredentialProblem.Rejected, Missing, [new("api_key_secret", CredentialCheckOutcome.Failed, Missing)]);
        }

        try
        {
            await auth.GenerateConsentAsync(draft.Environment, draft.ClientId, draft.ApiKey, draft.ApiSecret, cancellationToken);
        }
        catch (BrokerApiException ex)
        {
            return CredentialFailures.NotAVerdict(Broker, ex, "api_key_secret")
                ?? new(Broker, CredentialProblem.Rejected, "Dhan refused the API key and secret.",
                [
                    new("api_key_secret", CredentialCheckOutcome.Failed, $"Dhan refused to start a consent with this API key, secret and client id. {ex.Message}"),
                    new("login", CredentialCheckOutcome.NotChecked, "The consent login happens in the browser on Connect."),
                ]);
        }

        return new(Broker, CredentialProblem.None, "Dhan accepted the API key and secret (one of the key's 25 daily consents was used). Nothing was stored.",
        [
            new("api_key_secret", CredentialCheckOutcome.Passed, "Dhan started a consent for this client id with the key and secret."),
            new("login", CredentialCheckOutcome.NotChecked, "The consent login happens in the browser on Connect: it needs the person at Dhan's page."),
        ]);
    }
}
