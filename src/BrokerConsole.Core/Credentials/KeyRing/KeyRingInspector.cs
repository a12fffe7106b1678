using System.Security.Cryptography;
using System.Xml;
using BrokerConsole.Core.Persistence;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Credentials.KeyRing;

/// <summary>
/// Compares the Data Protection key ring as stored (the keys folder, or the database's key rows on PostgreSQL: see
/// <see cref="KeyRingStore"/>) with the encrypted values in the database. Keys are re-read from the store every time
/// (not the app's cached ring), so keys deleted while the app runs show at once, before a restart would make every
/// stored secret unreadable. Decrypted values are dropped unread.
/// </summary>
public sealed class KeyRingInspector(
    IKeyManager keyManager,
    ISecretProtector protector,
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    KeyRingStore store)
{
    /// <summary>The stored ciphertexts against the ring on disk, one decryption per key that wrote them.</summary>
    public async Task<KeyRingReport> InspectAsync(CancellationToken cancellationToken = default)
    {
        List<KeyGroup> stored;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            stored = await StoredCiphertexts.ByKeyAsync(db, cancellationToken);
        }

        var damaged = await store.FindDamagedAsync(cancellationToken);
        var keyIds = UsableKeyIds(damaged);
        var readable = 0;
        var missing = new HashSet<Guid>();
        var checkedCount = 0;
        foreach (var group in stored)
        {
            if (!CiphertextKeyId.TryRead(group.Newest.Ciphertext, out var keyId))
            {
                continue; // not Data Protection output at all: a damaged value, not a key ring question
            }

            checkedCount += group.Count;
            if (!keyIds.Contains(keyId))
            {
                missing.Add(keyId);
            }
            else if (Decrypts(group.Newest))
            {
                // Every value a key wrote stands or falls with it.
                readable += group.Count;
            }
        }

        return new KeyRingReport
        {
            DamagedFiles = damaged,
            KeysOnDisk = keyIds.Count,
            Checked = checkedCount,
            Readable = readable,
            MissingKeyIds = [.. missing],
        };
    }

    private bool Decrypts(StoredCiphertext value)
    {
        try
        {
            _ = protector.Unprotect(value.AccountId, value.Kind, value.Ciphertext);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private HashSet<Guid> UsableKeyIds(List<string> damaged)
    {
        var ids = new HashSet<Guid>();
        IReadOnlyCollection<IKey> keys;
        try
        {
            keys = keyManager.GetAllKeys();
        }
#pragma warning disable CA1031 // Whatever the ring's failure, the report names it; the caller decides whether to start.
        catch (Exception ex) when (ex is XmlException or CryptographicException or InvalidOperationException or FormatException)
#pragma warning restore CA1031
        {
            if (damaged.Count == 0)
            {
                damaged.Add($"the key ring cannot be read ({ex.GetType().Name}: {ex.Message})");
            }

            return ids;
        }

        foreach (var key in keys)
        {
            try
            {
                // Deserialises the key material: a file with a valid shape but broken contents fails here.
                if (key.CreateEncryptor() is null)
                {
                    damaged.Add($"key-{key.KeyId:D}.xml: its key material cannot be used");
                    continue;
                }
            }
#pragma warning disable CA1031 // see above
            catch (Exception ex) when (ex is CryptographicException or XmlException or InvalidOperationException or FormatException)
#pragma warning restore CA1031
            {
                damaged.Add($"key-{key.KeyId:D}.xml: its key material cannot be used ({ex.Message})");
                continue;
            }

            ids.Add(key.KeyId);
        }

        return ids;
    }
}
