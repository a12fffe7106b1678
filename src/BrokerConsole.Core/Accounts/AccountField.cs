namespace BrokerConsole.Core.Accounts;

/// <summary>The fields of an account form. Validation errors are keyed by these names.</summary>
public enum AccountField
{
    DisplayName,
    ClientId,
    ApiKey,
    ApiSecret,
    AccessToken,
    Mpin,
    TotpSecret,
    RedirectUrl,
    PostbackUrl,
}
