using BrokerConsole.Core.Backup;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Tests.Credentials;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Backup;

/// <summary>
/// An upgrade copies the database before it migrates: some SQLite migrations rebuild a table outside a transaction
/// (the Baskets one does), and a crash in the middle must not cost the operator their data.
/// </summary>
public sealed class PreMigrationCopyTests : IDisposable
{
    private readonly string _work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "brokerconsole-premigration", Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => TestFolders.Delete(_work);

    [Fact]
    public async Task An_upgrade_copies_the_database_as_it_was_and_a_fresh_install_copies_nothing()
    {
        string latest;
        string previous;
        StoragePaths paths;
        await using (var app = KeyRingApps.Over(_work))
        {
            await app.StoreAccountWithSecretAsync();
            paths = app.Services.GetRequiredService<StoragePaths>();
            Assert.False(Directory.Exists(PreMigrationCopy.FolderOf(paths)), "A fresh install has nothing to keep.");
        }

        // The install of the version before: the last migration taken back out, with the app stopped.
        var options = new DbContextOptionsBuilder<BrokerConsoleDbContext>().UseSqlite($"Data Source={paths.DatabasePath};Pooling=False").Options;
        await using (var db = new BrokerConsoleDbContext(options))
        {
            var all = db.Database.GetMigrations().ToList();
            (previous, latest) = (all[^2], all[^1]);
            await db.GetService<IMigrator>().MigrateAsync(previous);
        }

        await using (var upgraded = KeyRingApps.Over(_work))
        {
            await upgraded.StoreAccountWithSecretAsync();
        }

        var copy = Assert.Single(Directory.GetFiles(PreMigrationCopy.FolderOf(paths)));
        Assert.StartsWith($"before-{latest}-", Path.GetFileName(copy), StringComparison.Ordinal);
        Assert.Equal(previous, LastAppliedMigration(copy));
        Assert.Equal(latest, LastAppliedMigration(paths.DatabasePath));
        Assert.Equal(1, CountRows(copy, "AspNetUsers"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(copy));
        }
    }

    private static string LastAppliedMigration(string database) =>
        Scalar(database, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1");

    private static long CountRows(string database, string table) =>
        long.Parse(Scalar(database, $"SELECT COUNT(*) FROM {table}"), System.Globalization.CultureInfo.InvariantCulture);

    private static string Scalar(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
