using Microsoft.Extensions.Configuration;

namespace BrokerConsole.Core.Persistence.Providers;

/// <summary>The provider a configuration asks for, checked before anything starts.</summary>
public static class StorageProviderSelection
{
    public const string ProviderKey = StorageOptions.SectionName + ":Provider";

    /// <summary>The connection string PostgreSQL needs (<c>ConnectionStrings:BrokerConsole</c>).</summary>
    public const string ConnectionStringName = "BrokerConsole";

    /// <exception cref="StorageConfigurationException">A misspelt provider, or PostgreSQL without its connection string.</exception>
    public static IStorageProvider Select(IConfiguration configuration, StoragePaths paths, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var kind = ParseKind(configuration[ProviderKey]);
        return kind switch
        {
            StorageProviderKind.PostgreSQL => new PostgreSqlStorageProvider(
                configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } connectionString
                    ? connectionString
                    : throw new StorageConfigurationException(
                        $"{ProviderKey} is PostgreSQL but ConnectionStrings:{ConnectionStringName} is not set: set it (e.g. the environment " +
                        $"variable ConnectionStrings__{ConnectionStringName}=\"Host=db;Database=brokerconsole;Username=brokerconsole;Password=...\").")),
            _ => new SqliteStorageProvider(paths, options),
        };
    }

    public static StorageProviderKind ParseKind(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return StorageProviderKind.Sqlite;
        }

        // Names only: "1" or "2" would parse as an enum value but means nothing to a reader of the settings.
        if (!value.Trim().All(char.IsLetter) || !Enum.TryParse<StorageProviderKind>(value.Trim(), ignoreCase: true, out var kind))
        {
            throw new StorageConfigurationException(
                $"{ProviderKey} is '{value}', which is not a storage provider: use Sqlite (the default) or PostgreSQL.");
        }

        return kind;
    }
}

/// <summary>Storage settings that cannot work: the app stops at start with this message (it never holds a password).</summary>
public sealed class StorageConfigurationException(string message) : InvalidOperationException(message);
