using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace BrokerConsole.Core.Credentials.KeyRing;

/// <summary>
/// Loads the PFX that encrypts the key ring at rest (<c>DataProtection:CertificatePath</c> / <c>CertificatePassword</c>).
/// Every way it can fail stops the start with a message naming the setting to fix; the password is never repeated.
/// </summary>
public static class KeyRingCertificate
{
    public const string PathSetting = KeyRingOptions.SectionName + ":CertificatePath";
    public const string PasswordSetting = KeyRingOptions.SectionName + ":CertificatePassword";

    /// <summary>The configured certificate with its private key, or null when <see cref="PathSetting"/> is not set.</summary>
    /// <exception cref="KeyRingConfigurationException">The file is missing, unreadable, not a PFX, the password is wrong, or it has no RSA private key.</exception>
    public static X509Certificate2? Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var path = configuration[PathSetting];
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new KeyRingConfigurationException(
                $"BrokerConsole will not start: {PathSetting} is '{path}', but there is no file there. Point it at the key-ring PFX " +
                "(README \"Data Protection keys\" shows how to make one) and keep it outside the data folder.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[PasswordSetting]);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new KeyRingConfigurationException(
                $"BrokerConsole will not start: the key-ring certificate {PathSetting}='{path}' cannot be read by this process " +
                $"({ex.GetType().Name}): give the service's user read access to it (e.g. mode 0640, group of the service).", ex);
        }
        catch (CryptographicException ex)
        {
            // The loader says the same thing for a wrong password and a file that is no PFX; so does this message.
            throw new KeyRingConfigurationException(
                $"BrokerConsole will not start: the key-ring certificate {PathSetting}='{path}' cannot be opened with {PasswordSetting}: " +
                $"the password is wrong (or not set: environment variable {KeyRingOptions.SectionName}__CertificatePassword) or the file is not a PKCS#12/PFX file.", ex);
        }

        using var privateKey = certificate.GetRSAPrivateKey();
        if (privateKey is null)
        {
            certificate.Dispose();
            throw new KeyRingConfigurationException(
                $"BrokerConsole will not start: the key-ring certificate {PathSetting}='{path}' has no RSA private key: the keys could be " +
                "encrypted with it but never decrypted again. Export the PFX with its RSA private key (openssl pkcs12 -export -inkey ...).");
        }

        return certificate;
    }
}

/// <summary>The key ring's settings cannot work: the app stops at start with this message (it never holds a password).</summary>
public sealed class KeyRingConfigurationException(string message, Exception? innerException = null)
    : InvalidOperationException(message, innerException);
