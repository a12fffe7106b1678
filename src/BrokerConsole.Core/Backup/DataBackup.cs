using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using BrokerConsole.Core.Persistence;
using Microsoft.Data.Sqlite;

namespace BrokerConsole.Core.Backup;

/// <summary>
/// One file that holds everything a restore needs: a consistent copy of the SQLite database, taken with SQLite's
/// online backup while the app keeps writing (a file copy of a live database can tear between pages and misses the
/// WAL), and the Data Protection key ring without which no stored secret decrypts. The archive therefore decrypts
/// every secret it holds: it gets the database's own 0600 and belongs where the data folder's backups go.
/// </summary>
public static class DataBackup
{
    internal const string DatabaseEntry = "brokerconsole.db";
    internal const string KeysFolder = "keys/";
    internal const string ManifestEntry = "manifest.json";

    /// <summary>Writes the archive to <paramref name="archivePath"/> (refused if it exists) and says what it holds.</summary>
    public static async Task<BackupManifest> CreateAsync(StoragePaths paths, string archivePath, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(clock);
        if (!File.Exists(paths.DatabasePath))
        {
            throw new BackupException($"There is no database to back up at {paths.DatabasePath}.");
        }

        if (File.Exists(archivePath))
        {
            throw new BackupException($"{archivePath} already exists: choose a new file name, a backup never overwrites one.");
        }

        var keyFiles = Directory.Exists(paths.KeyRingDirectory) ? Directory.GetFiles(paths.KeyRingDirectory, "*.xml") : [];
        if (keyFiles.Length == 0)
        {
            throw new BackupException($"The key ring at {paths.KeyRingDirectory} is empty: a backup without it could not decrypt any stored secret.");
        }

        var snapshot = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(archivePath))!, $".brokerconsole-backup-{Guid.NewGuid():N}.db");
        try
        {
            CopyOnline(paths.DatabasePath, snapshot);
            var entries = new List<BackupEntry>();
            await using (var archive = OwnerOnly.Create(archivePath))
            using (var zip = new ZipArchive(archive, ZipArchiveMode.Create))
            {
                entries.Add(await AddAsync(zip, DatabaseEntry, snapshot, cancellationToken));
                foreach (var key in keyFiles.Order(StringComparer.Ordinal))
                {
                    entries.Add(await AddAsync(zip, KeysFolder + Path.GetFileName(key), key, cancellationToken));
                }

                var manifest = new BackupManifest(BackupManifest.CurrentFormat, clock.GetUtcNow(), entries);
                await using var manifestStream = zip.CreateEntry(ManifestEntry).Open();
                await JsonSerializer.SerializeAsync(manifestStream, manifest, BackupManifest.Json, cancellationToken);
                return manifest;
            }
        }
        finally
        {
            File.Delete(snapshot);
        }
    }

    /// <summary>SQLite's backup API: one consistent snapshot, readers and writers of the live file carry on.</summary>
    internal static void CopyOnline(string source, string destination)
    {
        using var from = new SqliteConnection($"Data Source={source};Mode=ReadOnly;Pooling=False");
        using var to = new SqliteConnection($"Data Source={destination};Pooling=False");
        from.Open();
        to.Open();
        from.BackupDatabase(to);
        using var journal = to.CreateCommand();
        // A single self-contained file in the archive: no -wal beside it to lose.
        journal.CommandText = "PRAGMA journal_mode=DELETE;";
        journal.ExecuteNonQuery();
    }

    private static async Task<BackupEntry> AddAsync(ZipArchive zip, string name, string file, CancellationToken cancellationToken)
    {
        await using var source = File.OpenRead(file);
        await using (var target = zip.CreateEntry(name, CompressionLevel.Optimal).Open())
        {
            await source.CopyToAsync(target, cancellationToken);
        }

        source.Position = 0;
        return new BackupEntry(name, source.Length, Convert.ToHexString(await SHA256.HashDataAsync(source, cancellationToken)));
    }
}
