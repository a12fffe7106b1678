using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using BrokerConsole.Core.Persistence;
using Microsoft.Data.Sqlite;

namespace BrokerConsole.Core.Backup;

/// <summary>
/// Reads a <see cref="DataBackup"/> archive back into an empty data folder. Everything is checked before anything is
/// put in place (each file's SHA-256 against the manifest, SQLite's integrity check on the database), and an existing
/// database or key ring is never overwritten: a restore over live data is a second, separate decision.
/// </summary>
public static class DataRestore
{
    public static async Task<BackupManifest> RestoreAsync(string archivePath, StoragePaths target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!File.Exists(archivePath))
        {
            throw new BackupException($"There is no backup file at {archivePath}.");
        }

        if (File.Exists(target.DatabasePath))
        {
            throw new BackupException($"A database already exists at {target.DatabasePath}: restore into an empty data folder (Storage:DataDirectory) or move it away first.");
        }

        if (Directory.Exists(target.KeyRingDirectory) && Directory.EnumerateFiles(target.KeyRingDirectory, "*.xml").Any())
        {
            throw new BackupException($"A key ring already exists at {target.KeyRingDirectory}: restore into an empty data folder; mixing key rings would leave secrets undecryptable.");
        }

        target.EnsureCreated();
        var staging = Path.Combine(target.DataDirectory, $".restore-{Guid.NewGuid():N}");
        OwnerOnly.CreateDirectory(staging);
        try
        {
            BackupManifest manifest;
            using (var zip = ZipFile.OpenRead(archivePath))
            {
                manifest = await ReadManifestAsync(zip, cancellationToken);
                foreach (var entry in manifest.Entries)
                {
                    await ExtractCheckedAsync(zip, entry, staging, cancellationToken);
                }
            }

            var stagedDatabase = Path.Combine(staging, DataBackup.DatabaseEntry);
            CheckIntegrity(stagedDatabase);
            foreach (var key in Directory.GetFiles(Path.Combine(staging, "keys")))
            {
                File.Move(key, Path.Combine(target.KeyRingDirectory, Path.GetFileName(key)));
            }

            File.Move(stagedDatabase, target.DatabasePath);
            return manifest;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static async Task<BackupManifest> ReadManifestAsync(ZipArchive zip, CancellationToken cancellationToken)
    {
        var entry = zip.GetEntry(DataBackup.ManifestEntry) ?? throw new BackupException("This file is not a BrokerConsole backup: it has no manifest.json.");
        await using var stream = entry.Open();
        var manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(stream, BackupManifest.Json, cancellationToken)
            ?? throw new BackupException("The backup's manifest.json is empty.");
        if (manifest.Format != BackupManifest.CurrentFormat)
        {
            throw new BackupException($"The backup is in format {manifest.Format}; this version reads format {BackupManifest.CurrentFormat}.");
        }

        if (manifest.Entries.Count(e => e.Name == DataBackup.DatabaseEntry) != 1 || manifest.KeyCount == 0)
        {
            throw new BackupException("The backup's manifest must list the database and at least one key.");
        }

        return manifest;
    }

    private static async Task ExtractCheckedAsync(ZipArchive zip, BackupEntry entry, string staging, CancellationToken cancellationToken)
    {
        // Names come from the archive: only the two shapes a backup writes, never a path that climbs out of staging.
        var isKey = entry.Name.StartsWith(DataBackup.KeysFolder, StringComparison.Ordinal)
            && Path.GetFileName(entry.Name) is { Length: > 0 } keyName && keyName == entry.Name[DataBackup.KeysFolder.Length..] && keyName.EndsWith(".xml", StringComparison.Ordinal);
        if (entry.Name != DataBackup.DatabaseEntry && !isKey)
        {
            throw new BackupException($"The backup lists an unexpected file '{entry.Name}'.");
        }

        var zipEntry = zip.GetEntry(entry.Name) ?? throw new BackupException($"The backup's manifest lists {entry.Name}, which the archive does not hold.");
        var path = Path.Combine(staging, entry.Name);
        OwnerOnly.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var source = zipEntry.Open())
        await using (var file = OwnerOnly.Create(path))
        {
            await source.CopyToAsync(file, cancellationToken);
        }

        await using var written = File.OpenRead(path);
        var hash = Convert.ToHexString(await SHA256.HashDataAsync(written, cancellationToken));
        if (written.Length != entry.Bytes || hash != entry.Sha256)
        {
            throw new BackupException($"{entry.Name} in the backup does not match its manifest (damaged or altered file); nothing was restored.");
        }
    }

    private static void CheckIntegrity(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        var answer = command.ExecuteScalar() as string;
        if (answer != "ok")
        {
            throw new BackupException($"The backed-up database fails SQLite's integrity check ({answer}); nothing was restored.");
        }
    }
}
