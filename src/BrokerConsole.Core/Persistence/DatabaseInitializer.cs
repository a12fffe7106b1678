using BrokerConsole.Core.Persistence.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Core.Persistence;

public static partial class DatabaseInitializer
{
    /// <summary>
    /// Applies pending migrations of the configured provider, with that provider's steps around them (SQLite only: the
    /// pre-upgrade copy of the file, WAL and the owner-only file modes).
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var provider = services.GetRequiredService<IStorageProvider>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer).FullName!);
        await using var db = await services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync(cancellationToken);

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await provider.BeforeMigrateAsync(db, pending, services, cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        await provider.AfterMigrateAsync(db, cancellationToken);
        LogMigrated(logger, provider.Describe(), pending.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready at {Path} ({Applied} migration(s) applied)")]
    private static partial void LogMigrated(ILogger logger, string path, int applied);
}
