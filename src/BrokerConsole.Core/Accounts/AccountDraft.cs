namespace BrokerConsole.Core.Accounts;

/// <summary>
/// What a user submits to create or edit an account. Secret fields left empty on an edit keep the
/// stored secret, so a user never has to re-type a secret to rename an account.
/// </summary>
public sealed class AccountDraft
{
    public BrokerKind Broker { get; set; } = BrokerKind.Zerodha;

    public string DisplayName { get; set; } = "";

    public string ClientId { get; set; } = "";

    public AccountEnvironment Environment { get; set; } = AccountEnvironment.Sandbox;

    public string? ApiKey { get; set; }

    public string? ApiSecret { get; set; }

    public string? AccessToken { get; set; }

    public string? Mpin { get; set; }

    public string? TotpSecret { get; set; }

    public string? RedirectUrl { get; set; }

    public string? PostbackUrl { get; set; }

    /// <summary>Dhan only: which of its three logins the account uses; decides the fields shown, validated and kept.</summary>
    public DhanLoginMode DhanLoginMode { get; set; }

    /// <summary>A field-by-field copy; services normalize what they are given, so forms hand them a copy.</summary>
    public AccountDraft Clone() => (AccountDraft)MemberwiseClone();

    public string? Get(AccountField field) => field switch
    {
        AccountField.DisplayName => DisplayName,
        AccountField.ClientId => ClientId,
        AccountField.ApiKey => ApiKey,
        AccountField.ApiSecret => ApiSecret,
        AccountField.AccessToken => AccessToken,
        AccountField.Mpin => Mpin,
        AccountField.TotpSecret => TotpSecret,
        AccountField.RedirectUrl => RedirectUrl,
        AccountField.PostbackUrl => PostbackUrl,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };
}
