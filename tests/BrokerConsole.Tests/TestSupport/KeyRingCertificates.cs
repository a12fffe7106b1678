using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BrokerConsole.Tests.TestSupport;

/// <summary>
/// Key-ring certificates made in the test process (RSA, self-signed, a PFX with a password), as an operator makes one
/// with openssl. PostgreSQL apps need one to start (<see cref="TestApp"/> passes <see cref="Shared"/>); a node of
/// another installation gets its own from <see cref="Create"/>.
/// </summary>
public static class KeyRingCertificates
{
    public const string Password = "test-keyring-pfx-password";

    private static readonly Lazy<string> _shared = new(() => Create(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The one certificate every PostgreSQL test app of this run shares (nodes of one installation).</summary>
    public static string Shared => _shared.Value;

    /// <summary>A new PFX file in the temp folder (removed when the test process exits); its path.</summary>
    public static string Create(string password = Password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=BrokerConsole test key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        var folder = Path.Combine(Path.GetTempPath(), "brokerconsole-tests");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"keyring-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    }
}
