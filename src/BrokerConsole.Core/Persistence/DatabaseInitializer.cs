using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Persistence;

public static partial class DatabaseInitializer
{
    /// <summary>Applies pending migrations, switches SQLite to WAL and makes the file owner-only.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var paths = services.GetRequiredService<StoragePaths>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer).FullName!);
        await using var db = await services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync(cancellationToken);

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0 && File.Exists(paths.DatabasePath) && (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any())
        {
            // An upgrade, not a fresh install: keep the file as it was before anything changes it.
            var clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
            LogCopied(logger, Backup.PreMigrationCopy.Take(paths, pending[0], clock.GetUtcNow()), pending.Count);
        }

        await db.Database.MigrateAsync(cancellationToken);
        // WAL lets the health monitor read while a request writes.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

        if (!OperatingSystem.IsWindows())
        {
            // The -wal and -shm files were created by the lines above with the process umask (often 0644) and hold
            // recent writes; SQLite creates later ones with the database file's mode, so this is needed once here.
            foreach (var file in new[] { paths.DatabasePath, paths.DatabasePath + "-wal", paths.DatabasePath + "-shm" })
            {
                if (File.Exists(file))
                {
                    File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }
        }

        LogMigrated(logger, paths.DatabasePath, pending.Count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Copied the database to {Copy} before applying {Pending} migration(s): if the upgrade fails, stop the app and put this file back")]
    private static partial void LogCopied(ILogger logger, string copy, int pending);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready at {Path} ({Applied} migration(s) applied)")]
    private static partial void LogMigrated(ILogger logger, string path, int applied);
}
