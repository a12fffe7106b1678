namespace BrokerConsole.Core.Credentials;

/// <summary>Encrypts account secrets before they reach the database.</summary>
public interface ISecretProtector
{
    /// <summary>
    /// Encrypts <paramref name="plaintext"/> under a purpose made of the secret kind and the account id,
    /// so a ciphertext copied to another account or kind does not decrypt.
    /// </summary>
    string Protect(Guid accountId, SecretKind kind, string plaintext);

    /// <exception cref="System.Security.Cryptography.CryptographicException">
    /// The ciphertext was tampered with, belongs to another account or kind, or its key is gone.
    /// </exception>
    string Unprotect(Guid accountId, SecretKind kind, string ciphertext);
}
