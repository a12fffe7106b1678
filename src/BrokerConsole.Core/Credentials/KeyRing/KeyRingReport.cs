namespace BrokerConsole.Core.Credentials.KeyRing;

/// <summary>What the key ring on disk can do for the encrypted data the database holds. Never holds a secret.</summary>
public sealed record KeyRingReport
{
    /// <summary>Key ring files that cannot be read or used, each as "file: reason". Empty when the ring is sound.</summary>
    public required IReadOnlyList<string> DamagedFiles { get; init; }

    /// <summary>Keys found in the folder now (read from disk, not the app's cached copy).</summary>
    public required int KeysOnDisk { get; init; }

    /// <summary>Stored ciphertexts (Data Protection output) in the database.</summary>
    public required int Checked { get; init; }

    /// <summary>Of <see cref="Checked"/>, those whose key is on disk and which decrypt.</summary>
    public required int Readable { get; init; }

    /// <summary>Ids of the keys that wrote stored ciphertexts but are no longer in the folder.</summary>
    public required IReadOnlyList<Guid> MissingKeyIds { get; init; }

    public bool IsDamaged => DamagedFiles.Count > 0;

    /// <summary>The database holds encrypted data and not one value of it can be read with this ring: it was deleted or replaced.</summary>
    public bool NothingReadable => Checked > 0 && Readable == 0;
}
