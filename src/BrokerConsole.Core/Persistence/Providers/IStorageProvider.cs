using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Persistence.Providers;

/// <summary>The database engines BrokerConsole runs on (<c>Storage:Provider</c>).</summary>
public enum StorageProviderKind
{
    /// <summary>One file in the data folder: the embedded default, nothing to install.</summary>
    Sqlite = 1,

    /// <summary>A PostgreSQL server named by <c>ConnectionStrings:BrokerConsole</c>: for a desk that outgrows one process.</summary>
    PostgreSQL = 2,
}

/// <summary>
/// Everything that differs between the database engines, in one place: how EF is configured, which migrations apply,
/// how the model is adjusted and how an engine reports the errors the code acts on. Code elsewhere asks this, never
/// "am I on SQLite".
/// </summary>
public interface IStorageProvider
{
    StorageProviderKind Kind { get; }

    /// <summary>Where the database is, for the start-up log line: never a password.</summary>
    string Describe();

    /// <summary>Points EF at this engine (and at this engine's migrations).</summary>
    void Configure(DbContextOptionsBuilder options);

    /// <summary>What the engine speaks: model details and error codes.</summary>
    IStorageDialect Dialect { get; }

    /// <summary>Work before the migrations run (SQLite: the pre-upgrade copy of the file).</summary>
    Task BeforeMigrateAsync(BrokerConsoleDbContext db, IReadOnlyList<string> pending, IServiceProvider services, CancellationToken cancellationToken);

    /// <summary>Work after the migrations ran (SQLite: WAL and owner-only files).</summary>
    Task AfterMigrateAsync(BrokerConsoleDbContext db, CancellationToken cancellationToken);

}

/// <summary>
/// The part of a provider a <see cref="BrokerConsoleDbContext"/> needs on its own (it knows its engine by EF's provider
/// name, also when a test builds one by hand): model details and how the engine reports the errors the code acts on.
/// </summary>
public interface IStorageDialect
{
    /// <summary>Model details the engines spell differently (e.g. an index filter over a boolean column).</summary>
    void AdjustModel(ModelBuilder builder);

    /// <summary>A unique index or primary key refused the row: someone else wrote the same thing first.</summary>
    bool IsUniqueViolation(DbException exception);

    /// <summary>The engine aborted a transaction to keep it serializable (a concurrent writer won): running it again may succeed.</summary>
    bool IsSerializationConflict(DbException exception);
}

/// <summary>The dialect of an EF provider name (<c>Database.ProviderName</c>).</summary>
public static class StorageDialects
{
    public static IStorageDialect For(string? efProviderName) => efProviderName switch
    {
        "Npgsql.EntityFrameworkCore.PostgreSQL" => PostgreSqlDialect.Instance,
        _ => SqliteDialect.Instance,
    };
}
