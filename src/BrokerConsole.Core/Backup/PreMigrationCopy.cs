using System.Globalization;
using BrokerConsole.Core.Persistence;

namespace BrokerConsole.Core.Backup;

/// <summary>
/// A copy of the database taken before an upgrade applies migrations. SQLite cannot alter a column in place, so some
/// migrations rebuild a table outside a transaction: a crash or a full disk in the middle would leave a half-migrated
/// file. With this copy beside it, the operator puts the old file back and starts the old version (docs in README).
/// </summary>
public static class PreMigrationCopy
{
    /// <summary>Where the copies go: <c>{data}/backups</c>, owner-only like the database.</summary>
    public static string FolderOf(StoragePaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Path.Combine(paths.DataDirectory, "backups");
    }

    /// <summary>
    /// Copies the live database (SQLite's backup API: consistent even with WAL) to
    /// <c>backups/before-{migration}-{utc time}.db</c> with mode 0600 and returns its path.
    /// </summary>
    public static string Take(StoragePaths paths, string firstPendingMigration, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentException.ThrowIfNullOrWhiteSpace(firstPendingMigration);
        var folder = FolderOf(paths);
        OwnerOnly.CreateDirectory(folder);
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var copy = Path.Combine(folder, $"before-{firstPendingMigration}-{stamp}.db");
        if (File.Exists(copy))
        {
            // Two starts in one second both found the same migration pending: the first copy is the one to keep.
            return copy;
        }

        // Created empty and owner-only first, so the copy is never readable by others, not even for a moment.
        OwnerOnly.Create(copy).Dispose();
        DataBackup.CopyOnline(paths.DatabasePath, copy);
        return copy;
    }
}
