using System.Data.Common;

namespace BrokerConsole.Core.Persistence.Providers;

/// <summary>
/// Classifies a failed write by asking each engine's dialect: an exception comes from exactly one engine, so callers
/// need nothing injected: <c>catch (DbUpdateException ex) when (StorageErrors.IsUniqueViolation(ex))</c>.
/// </summary>
public static class StorageErrors
{
    private static readonly IStorageDialect[] _dialects = [SqliteDialect.Instance, PostgreSqlDialect.Instance];

    /// <summary>A unique index or primary key refused the row: someone else wrote the same thing first.</summary>
    public static bool IsUniqueViolation(Exception exception) =>
        Find(exception) is { } dbException && _dialects.Any(d => d.IsUniqueViolation(dbException));

    /// <summary>The engine aborted a transaction to keep it serializable: running it again may succeed.</summary>
    public static bool IsSerializationConflict(Exception exception) =>
        Find(exception) is { } dbException && _dialects.Any(d => d.IsSerializationConflict(dbException));

    private static DbException? Find(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is DbException dbException)
            {
                return dbException;
            }
        }

        return null;
    }
}
