using BrokerConsole.Core.Credentials;

namespace BrokerConsole.Core.Accounts;

/// <summary>How a Dhan account logs in (reference §1.2). Derived from what is stored, so it needs no column of its own.</summary>
public enum DhanLoginMode
{
    /// <summary>A 24-hour token the user generates on web.dhan.co and pastes (flow A).</summary>
    AccessToken = 0,

    /// <summary>API key + secret: Dhan's consent page in a popup, the tokenId exchanged on the server (flow C).</summary>
    ApiKeyConsent = 1,

    /// <summary>Client id + PIN + a TOTP computed here from the stored secret, no popup (flow B).</summary>
    PinTotp = 2,
}

/// <summary>The form fields, guidance and stored secrets of each <see cref="DhanLoginMode"/>.</summary>
public static class DhanLoginModes
{
    public static readonly IReadOnlyList<DhanLoginMode> All = [DhanLoginMode.AccessToken, DhanLoginMode.ApiKeyConsent, DhanLoginMode.PinTotp];

    private static readonly BrokerFieldSpec _clientId = new(AccountField.ClientId, "Dhan client id", FieldRequirement.Required, "The numeric client id shown in Dhan's profile.");

    public static string Title(DhanLoginMode mode) => mode switch
    {
        DhanLoginMode.ApiKeyConsent => "API key + secret (Dhan login page in a popup)",
        DhanLoginMode.PinTotp => "PIN + TOTP (no popup)",
        _ => "Access token from web.dhan.co",
    };

    public static string Help(DhanLoginMode mode) => mode switch
    {
        DhanLoginMode.ApiKeyConsent =>
            "1. On web.dhan.co open My Profile → Access DhanHQ APIs, create an API key and secret (valid 12 months) and register this app's /connect/dhan/callback as its redirect URL. " +
            "2. 'Log in' on the card opens Dhan's login page in a popup; log in with your client id, PIN and TOTP. 3. The popup closes itself and the card turns green. Dhan allows 25 consents a day; a new login is needed every day.",
        DhanLoginMode.PinTotp =>
            "1. Enable TOTP on your Dhan account (web.dhan.co → My Profile → Security) and copy the Base32 key shown, not a 6-digit code. " +
            "2. 'Log in' on the card then logs in on this server with your client id, 6-digit PIN and a fresh TOTP code; no popup. Sessions last 24 hours.",
        _ =>
            "Generate a 24-hour access token on web.dhan.co (My Profile → Access DhanHQ APIs) and paste it here; 'Log in' validates it with a profile call. Paste a new one every day.",
    };

    public static IReadOnlyList<BrokerFieldSpec> Fields(DhanLoginMode mode) => mode switch
    {
        DhanLoginMode.ApiKeyConsent =>
        [
            _clientId,
            new(AccountField.ApiKey, "API key (app id)", FieldRequirement.Required, "From My Profile → Access DhanHQ APIs on web.dhan.co; sent as app_id."),
            new(AccountField.ApiSecret, "API secret", FieldRequirement.Required, "Pairs with the API key; used only on this server."),
        ],
        DhanLoginMode.PinTotp =>
        [
            _clientId,
            new(AccountField.Mpin, "PIN", FieldRequirement.Required, "Your 6-digit Dhan login PIN."),
            new(AccountField.TotpSecret, "TOTP secret", FieldRequirement.Required, "The Base32 key shown when enabling TOTP on Dhan (not a 6-digit code)."),
        ],
        _ =>
        [
            _clientId,
            new(AccountField.AccessToken, "Access token", FieldRequirement.Required, "Generated under 'Access DhanHQ APIs' on web.dhan.co; valid 24 hours."),
        ],
    };

    /// <summary>The secrets a mode keeps; the others are removed when an account is saved in that mode.</summary>
    public static IReadOnlySet<SecretKind> Secrets(DhanLoginMode mode) => Fields(mode)
        .Select(f => AccountValidator.SecretKindOf(f.Field)).OfType<SecretKind>().ToHashSet();

    /// <summary>
    /// The mode of a stored account. PIN + TOTP wins, then a pasted token, then key + secret, so an account saved before
    /// modes existed (token and key both stored) keeps connecting with its token as it did.
    /// </summary>
    public static DhanLoginMode Of(IReadOnlySet<SecretKind> storedSecrets, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(storedSecrets);
        return storedSecrets.Contains(SecretKind.Mpin) || storedSecrets.Contains(SecretKind.TotpSecret) ? DhanLoginMode.PinTotp
            : storedSecrets.Contains(SecretKind.AccessToken) ? DhanLoginMode.AccessToken
            : !string.IsNullOrEmpty(apiKey) || storedSecrets.Contains(SecretKind.ApiSecret) ? DhanLoginMode.ApiKeyConsent
            : DhanLoginMode.AccessToken;
    }

    /// <summary>The fields a draft shows and validates: the Dhan mode's, or the broker's own.</summary>
    public static IReadOnlyList<BrokerFieldSpec> FieldsFor(BrokerKind broker, DhanLoginMode mode) =>
        broker == BrokerKind.Dhan ? Fields(mode) : BrokerCatalog.For(broker).Fields;
}
