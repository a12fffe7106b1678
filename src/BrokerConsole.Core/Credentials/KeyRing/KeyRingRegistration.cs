using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Persistence.Providers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Core.Credentials.KeyRing;

/// <summary>Data Protection with its key ring where the storage provider says (see <see cref="KeyRingStore"/>).</summary>
public static class KeyRingRegistration
{
    /// <exception cref="KeyRingConfigurationException">PostgreSQL without a usable certificate, or a configured certificate that cannot be used.</exception>
    public static void AddKeyRing(IServiceCollection services, IConfiguration configuration, IStorageProvider storage, StoragePaths paths)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(paths);
        var dataProtection = services.AddDataProtection().SetApplicationName("BrokerConsole");
#pragma warning disable CA2000 // Lives as long as the process: Data Protection uses it for every key it writes or reads.
        var certificate = KeyRingCertificate.Load(configuration);
#pragma warning restore CA2000
        if (storage.Kind == StorageProviderKind.PostgreSQL)
        {
            // Several nodes, one database: they must all read the same keys, or a secret saved (or a sign-in cookie
            // issued) on one node is unreadable on the next. The rows sit beside the data they protect, so they are
            // only safe encrypted with a certificate the database never holds: without one, refuse to start.
            // The EF tools (`dotnet ef migrations ...`) build the app's services only to find the model: they need no
            // certificate and write no key, so the commands in docs/storage.md stay as they are.
            if (certificate is null && !Microsoft.EntityFrameworkCore.EF.IsDesignTime)
            {
                throw new KeyRingConfigurationException(
                    $"BrokerConsole will not start: {StorageProviderSelection.ProviderKey} is PostgreSQL, so the Data Protection key ring is kept in the " +
                    $"database, where it must be encrypted with a certificate; {KeyRingCertificate.PathSetting} is not set. Set it to a PFX with an RSA " +
                    $"private key (environment variable {KeyRingOptions.SectionName}__CertificatePath=/etc/brokerconsole/keyring.pfx) and its password " +
                    $"in {KeyRingOptions.SectionName}__CertificatePassword; every node needs the same certificate (README \"Data Protection keys\").");
            }

            dataProtection.PersistKeysToDbContext<BrokerConsoleDbContext>();
            services.AddSingleton<KeyRingStore, DatabaseKeyRing>();
        }
        else
        {
            // The key ring lives beside the database in a 0700 folder, never inside it: a stolen .db file
            // alone decrypts nothing. See README "Data Protection keys".
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(paths.KeyRingDirectory));
            services.AddSingleton<KeyRingStore>(new FolderKeyRing(paths.KeyRingDirectory));
        }

        if (certificate is not null)
        {
            // The keys are encrypted at rest: a copy of the data (folder or dump) without the PFX and its password
            // decrypts nothing. Unprotect names it too: on Linux there is no certificate store to find it in.
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
    }
}
