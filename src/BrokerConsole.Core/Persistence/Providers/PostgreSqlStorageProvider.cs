using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BrokerConsole.Core.Persistence.Providers;

/// <summary>
/// A PostgreSQL server (<c>ConnectionStrings:BrokerConsole</c>), migrations in BrokerConsole.Migrations.PostgreSql.
/// Date-times keep the shared converter (UTC ticks in a bigint), so every stored instant is UTC whatever offset the
/// code held, and ordering and comparing work the same way on both engines.
/// </summary>
internal sealed class PostgreSqlStorageProvider(string connectionString) : IStorageProvider
{
    public const string MigrationsAssembly = "BrokerConsole.Migrations.PostgreSql";

    public StorageProviderKind Kind => StorageProviderKind.PostgreSQL;

    public IStorageDialect Dialect => PostgreSqlDialect.Instance;

    public string Describe()
    {
        // Host, port and database only: the password (and any other secret the string holds) never reaches a log.
        var parts = new NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL {parts.Host}:{parts.Port}/{parts.Database}";
    }

    public void Configure(DbContextOptionsBuilder options1) => options1
        // Storage:BusyTimeout is SQLite's lock wait; PostgreSQL waits on row locks, not a file lock, and keeps
        // Npgsql's command timeout (or the connection string's).
        .UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly));

    public Task BeforeMigrateAsync(BrokerConsoleDbContext db, IReadOnlyList<string> pending, IServiceProvider services, CancellationToken cancellationToken) =>
        // Each PostgreSQL migration runs in a transaction, so a failed upgrade leaves the schema as it was; the
        // operator's pg_dump (README "Storage") is the copy to keep, not a file this process could write.
        Task.CompletedTask;

    public Task AfterMigrateAsync(BrokerConsoleDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

}

/// <summary>PostgreSQL's model details and SQLSTATE codes.</summary>
internal sealed class PostgreSqlDialect : IStorageDialect
{
    public static readonly PostgreSqlDialect Instance = new();

    public void AdjustModel(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // PostgreSQL's booleans are not integers: the shared filter "Manual" = 0 would not compile there.
        builder.Entity<Scheduling.ScheduleRun>().HasIndex(r => new { r.ScheduleId, r.TradingDate }).HasFilter("NOT \"Manual\"");
        // Every node reads the same key ring, so it lives in the database (its XML encrypted with the key-ring certificate).
        builder.Entity<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>().ToTable("DataProtectionKeys");
    }

    public bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public bool IsSerializationConflict(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected };
}
