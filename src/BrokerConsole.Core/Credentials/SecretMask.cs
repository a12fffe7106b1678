namespace BrokerConsole.Core.Credentials;

/// <summary>How a stored secret is shown before an explicit, audited reveal.</summary>
public static class SecretMask
{
    /// <summary>A fixed-width mask: it tells that a secret is stored without telling its length or any character.</summary>
    public const string Stored = "••••••••";
}
