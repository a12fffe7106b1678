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

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready at {Path} ({Applied} migration(s) applied)")]
    private static partial void LogMigrated(ILogger logger, string path, int applied);
}
