using System.Security.Cryptography;
using BrokerConsole.Core.Credentials;
using Microsoft.AspNetCore.DataProtection;

namespace BrokerConsole.Tests.Credentials;

public sealed class SecretProtectorTests
{
    private readonly DataProtectionSecretProtector _protector = new(new EphemeralDataProtectionProvider());

    [Fact]
    public void Protect_then_unprotect_round_trips_and_hides_the_plaintext()
    {
        var account = Guid.NewGuid();
        var cipher = _protector.Protect(account, SecretKind.ApiSecret, "canary-secret-value");
        Assert.DoesNotContain("canary", cipher, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("canary-secret-value", _protector.Unprotect(account, SecretKind.ApiSecret, cipher));
    }

    [Fact]
    public void Unprotect_with_another_kind_fails()
    {
        var account = Guid.NewGuid();
        var cipher = _protector.Protect(account, SecretKind.ApiSecret, "value-1");
        Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(account, SecretKind.AccessToken, cipher));
    }

    [Fact]
    public void Unprotect_for_another_account_fails()
    {
        var cipher = _protector.Protect(Guid.NewGuid(), SecretKind.Mpin, "1234");
        Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(Guid.NewGuid(), SecretKind.Mpin, cipher));
    }

    [Fact]
    public void Protect_twice_gives_different_ciphertexts()
    {
        var account = Guid.NewGuid();
        Assert.NotEqual(
            _protector.Protect(account, SecretKind.TotpSecret, "JBSWY3DPEHPK3PXP"),
            _protector.Protect(account, SecretKind.TotpSecret, "JBSWY3DPEHPK3PXP"));
    }
}
