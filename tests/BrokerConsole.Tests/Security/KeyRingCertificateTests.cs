using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Security;

/// <summary>
/// Issue #17 §3: with <c>DataProtection:CertificatePath</c> the key ring is encrypted at rest, so the data folder
/// alone (database + keys/) no longer decrypts the stored broker secrets; key rotation keeps old secrets readable.
/// </summary>
public sealed class KeyRingCertificateTests : IDisposable
{
    private const string Password = "pfx-test-password";
    private readonly string _pfx = Path.Combine(Path.GetTempPath(), $"brokerconsole-keyring-{Guid.NewGuid():N}.pfx");

    public KeyRingCertificateTests()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=BrokerConsole key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        File.WriteAllBytes(_pfx, certificate.Export(X509ContentType.Pfx, Password));
    }

    private static TestApp CertificateApp(string pfx) => AppFixture.Create()
        .WithSetting("DataProtection:CertificatePath", pfx)
        .WithSetting("DataProtection:CertificatePassword", Password)
        .Build();

    [Fact]
    public async Task Key_files_hold_no_plaintext_master_key_and_rotation_keeps_old_secrets_readable()
    {
        await using var app = CertificateApp(_pfx);
        var protector = app.Services.GetRequiredService<ISecretProtector>();
        var accountId = Guid.NewGuid();
        var before = protector.Protect(accountId, SecretKind.ApiSecret, "rotation-secret-01");

        // Rotate: a new default key from now on; the old one stays in the ring for reading.
        var now = DateTimeOffset.UtcNow;
        app.Services.GetRequiredService<IKeyManager>().CreateNewKey(now, now.AddDays(90));
        var after = protector.Protect(accountId, SecretKind.ApiSecret, "rotation-secret-02");

        Assert.Equal("rotation-secret-01", protector.Unprotect(accountId, SecretKind.ApiSecret, before));
        Assert.Equal("rotation-secret-02", protector.Unprotect(accountId, SecretKind.ApiSecret, after));

        var files = Directory.GetFiles(Path.Combine(app.DataDirectory, "keys"), "key-*.xml");
        Assert.Equal(2, files.Length);
        foreach (var file in files)
        {
            var xml = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("No XML encryptor configured", app.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_certificate_the_key_files_are_plain_xml_as_the_readme_says()
    {
        await using var app = new TestApp();
        _ = app.Services.GetRequiredService<ISecretProtector>().Protect(Guid.NewGuid(), SecretKind.ApiSecret, "plain");
        var xml = await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(app.DataDirectory, "keys"), "key-*.xml").Single());
        Assert.Contains("<masterKey", xml, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_pfx);
}
