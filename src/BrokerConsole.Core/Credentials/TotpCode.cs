namespace BrokerConsole.Core.Credentials;

/// <summary>A one-time login code and the instant its 30-second step ends (when an authenticator shows the next one).</summary>
public readonly record struct TotpCode(string Value, DateTimeOffset ValidUntil)
{
    /// <summary>Every broker's login asks for 6 digits.</summary>
    public const int DefaultDigits = 6;
}
