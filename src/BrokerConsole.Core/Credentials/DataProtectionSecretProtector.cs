using Microsoft.AspNetCore.DataProtection;

namespace BrokerConsole.Core.Credentials;

/// <summary><see cref="ISecretProtector"/> over ASP.NET Core Data Protection (AES-256-CBC + HMAC-SHA256, rotating keys).</summary>
public sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    // Bump the version if the purpose scheme ever changes; old ciphertexts then fail loudly, not silently.
    private const string RootPurpose = "BrokerConsole.Credentials.v1";

    public string Protect(Guid accountId, SecretKind kind, string plaintext)
    {
        ArgumentException.ThrowIfNullOrEmpty(plaintext);
        return For(accountId, kind).Protect(plaintext);
    }

    public string Unprotect(Guid accountId, SecretKind kind, string ciphertext)
    {
        ArgumentException.ThrowIfNullOrEmpty(ciphertext);
        return For(accountId, kind).Unprotect(ciphertext);
    }

    private IDataProtector For(Guid accountId, SecretKind kind) =>
        provider.CreateProtector(RootPurpose, kind.ToString(), accountId.ToString("N"));
}
