using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Tests.TestSupport;

/// <summary>Valid drafts for each broker; tests change one field at a time.</summary>
public static class AccountDrafts
{
    public const string TotpSeed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    public static AccountDraft Zerodha(string clientId = "AB1234", string apiKey = "kiteapikey01", string secret = "kite-api-secret-0001") => new()
    {
        Broker = BrokerKind.Zerodha,
        DisplayName = $"Zerodha {clientId}",
        ClientId = clientId,
        ApiKey = apiKey,
        ApiSecret = secret,
        RedirectUrl = "http://localhost:5080/connect/zerodha/callback",
    };

    public static AccountDraft Dhan(string token = "dhan-access-token-0001") => new()
    {
        Broker = BrokerKind.Dhan,
        DisplayName = "Dhan main",
        ClientId = "1000000123",
        AccessToken = token,
    };

    public static AccountDraft DhanConsent(string secret = "dhan-app-secret-0001") => new()
    {
        Broker = BrokerKind.Dhan,
        DhanLoginMode = DhanLoginMode.ApiKeyConsent,
        DisplayName = "Dhan consent",
        ClientId = "1000000124",
        ApiKey = "dhan-app-01",
        ApiSecret = secret,
    };

    public static AccountDraft DhanPin(string pin = "135790", string totp = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U") => new()
    {
        Broker = BrokerKind.Dhan,
        DhanLoginMode = DhanLoginMode.PinTotp,
        DisplayName = "Dhan PIN",
        ClientId = "1000000125",
        Mpin = pin,
        TotpSecret = totp,
    };

    public static AccountDraft Fyers(string secret = "fyers-secret-0001") => new()
    {
        Broker = BrokerKind.Fyers,
        DisplayName = "Fyers",
        ClientId = "XA00000",
        ApiKey = "XC4EOD67IM-100",
        ApiSecret = secret,
        RedirectUrl = "http://localhost:5080/connect/fyers/callback",
    };

    public static AccountDraft AngelOne(string mpin = "1234", string totp = TotpSeed) => new()
    {
        Broker = BrokerKind.AngelOne,
        DisplayName = "Angel",
        ClientId = "A123456",
        ApiKey = "angelkey01",
        Mpin = mpin,
        TotpSecret = totp,
    };
}
