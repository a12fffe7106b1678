using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Persistence.Providers;

/// <summary>
/// The embedded default: one file in the data folder, migrations in this assembly (Persistence/Migrations). The
/// pre-upgrade copy, WAL and the owner-only file modes are SQLite's alone; so are the backup and restore commands.
/// </summary>
internal sealed partial class SqliteStorageProvider(StoragePaths paths, StorageOptions options) : IStorageProvider, IDisposable
{
    // One per database file and process: every context of this app takes its write turn here (SqliteWriteGate).
    private readonly SqliteWriteGate _writeGate = new(options.BusyTimeout);

    public StorageProviderKind Kind => StorageProviderKind.Sqlite;

    public IStorageDialect Dialect => SqliteDialect.Instance;

    public string Describe() => paths.DatabasePath;

    public void Configure(DbContextOptionsBuilder options1) => options1
        .UseSqlite($"Data Source={paths.DatabasePath};Default Timeout={(int)Math.Ceiling(options.BusyTimeout.TotalSeconds)}")
        // SQLite's table rebuilds run outside a transaction and EF warns about it at every fresh install. An upgrade
        // copies the database before migrating and warns itself (BeforeMigrateAsync, PreMigrationCopy).
        .ConfigureWarnings(w => w.Log((RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Information)))
        .AddInterceptors(_writeGate);

    /// <summary>The write turn of this process (tests).</summary>
    internal SqliteWriteGate WriteGate => _writeGate;

    public void Dispose() => _writeGate.Dispose();

    public async Task BeforeMigrateAsync(BrokerConsoleDbContext db, IReadOnlyList<string> pending, IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(services);
        if (pending.Count > 0 && File.Exists(paths.DatabasePath) && (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any())
        {
            // An upgrade, not a fresh install: keep the file as it was before anything changes it.
            var clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer).FullName!);
            LogCopied(logger, Backup.PreMigrationCopy.Take(paths, pending[0], clock.GetUtcNow()), pending.Count);
        }
    }

    public async Task AfterMigrateAsync(BrokerConsoleDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
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
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Copied the database to {Copy} before applying {Pending} migration(s): if the upgrade fails, stop the app and put this file back")]
    private static partial void LogCopied(ILogger logger, string copy, int pending);
}

/// <summary>SQLite's model details and error codes.</summary>
internal sealed class SqliteDialect : IStorageDialect
{
    public static readonly SqliteDialect Instance = new();

    // SQLITE_CONSTRAINT_PRIMARYKEY and SQLITE_CONSTRAINT_UNIQUE: not NOT NULL or foreign-key refusals, which are bugs.
    private const int PrimaryKeyViolation = 1555;
    private const int UniqueViolation = 2067;

    public void AdjustModel(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // The shared configurations are written in SQLite's terms (they predate PostgreSQL). The key ring stays in the
        // 0700 folder beside the file, never inside it: a copied .db alone must decrypt nothing (README "Data Protection keys").
        builder.Ignore<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();
    }

    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: PrimaryKeyViolation or UniqueViolation };

    // SQLite serializes writers with its file lock and waits out SQLITE_BUSY itself (Default Timeout): nothing to retry.
    public bool IsSerializationConflict(DbException exception) => false;
}
