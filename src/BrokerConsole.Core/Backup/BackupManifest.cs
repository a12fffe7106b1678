using System.Text.Json;

namespace BrokerConsole.Core.Backup;

/// <summary>What a backup archive holds, with a SHA-256 per file so a restore can prove it read back what was written.</summary>
public sealed record BackupManifest(int Format, DateTimeOffset CreatedAt, IReadOnlyList<BackupEntry> Entries)
{
    public const int CurrentFormat = 1;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public BackupEntry Database => Entries.Single(e => e.Name == DataBackup.DatabaseEntry);

    public int KeyCount => Entries.Count(e => e.Name.StartsWith(DataBackup.KeysFolder, StringComparison.Ordinal));
}

/// <summary>One file of the archive.</summary>
public sealed record BackupEntry(string Name, long Bytes, string Sha256);

/// <summary>A backup or restore that cannot be done, with the reason an operator can act on.</summary>
public sealed class BackupException(string message) : Exception(message);
