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

    /// <summary>
    /// A PFX whose certificate encrypts the key ring at rest (<c>ProtectKeysWithCertificate</c>); read at start-up.
    /// Without it the key files hold their keys as plain XML, protected by the folder's 0700 mode only.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PFX's password (an environment variable or a secrets file, not appsettings.json).</summary>
    public string? CertificatePassword { get; set; }
}
