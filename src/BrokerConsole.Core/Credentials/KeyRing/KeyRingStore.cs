namespace BrokerConsole.Core.Credentials.KeyRing;

/// <summary>
/// Where the Data Protection key ring is kept, decided once from <c>Storage:Provider</c> (<see cref="KeyRingRegistration"/>):
/// the 0700 folder beside the SQLite file (<see cref="FolderKeyRing"/>), or the database itself on PostgreSQL, where
/// every node must read the same keys (<see cref="DatabaseKeyRing"/>). The start-up check, the inspector and the health
/// check ask this, so their messages name the place the operator restores.
/// </summary>
public abstract class KeyRingStore
{
    /// <summary>Where the keys are, to follow "the key ring ...": e.g. "in /var/lib/brokerconsole/keys".</summary>
    public abstract string Location { get; }

    /// <summary>The place as a noun, for "no longer in ...": e.g. "the keys folder".</summary>
    public abstract string PlaceName { get; }

    /// <summary>What to restore when the keys that wrote the data are gone or damaged.</summary>
    public abstract string RestoreAdvice { get; }

    /// <summary>How to get rid of a damaged entry when there is no backup.</summary>
    public abstract string DamagedEntryAdvice { get; }

    /// <summary>A likely cause of a key that is there but cannot be used, with a leading space; empty when none is known.</summary>
    public virtual string UnusableKeyHint => "";

    /// <summary>How the keys went missing, in the operator's words.</summary>
    public abstract string LossCause { get; }

    /// <summary>Stored key documents that are not well-formed XML, each as "entry: reason" (Data Protection fails on every use while one is there).</summary>
    public abstract Task<List<string>> FindDamagedAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Held while a node checks the ring and makes its first key at start-up. Nodes sharing a ring take turns here, so
    /// two of them starting at once on an empty ring make one key, not one each. A folder has one node: nothing to hold.
    /// </summary>
    public virtual Task<IAsyncDisposable> HoldFirstStartAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(NothingHeld.Instance);

    private sealed class NothingHeld : IAsyncDisposable
    {
        public static readonly NothingHeld Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
