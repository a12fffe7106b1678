namespace BrokerConsole.Core.Credentials.KeyRing;

/// <summary>The <c>DataProtection</c> section: what to do when the key ring no longer matches the data.</summary>
public sealed class KeyRingOptions
{
    public const string SectionName = "DataProtection";

    /// <summary>
    /// Start even though the key ring cannot read the stored secrets (deleted, replaced or damaged). Off by
    /// default: starting would quietly make every stored secret and session useless, and the operator may
    /// still have the keys in a backup. With it on, the secrets must be entered again.
    /// </summary>
    public bool AcceptNewKeyRing { get; set; }
}
