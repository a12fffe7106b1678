using BrokerConsole.Core.Persistence;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BrokerConsole.Tests.Accounts;

/// <summary>The unique (owner, broker, environment, client id) index arrives over a database that already holds duplicates.</summary>
public sealed class OneCardPerLoginMigrationTests : IDisposable
{
    private readonly string _folder = TestApp.NewDataDirectory();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Existing_duplicates_are_kept_and_renamed_so_the_index_can_be_built()
    {
        Directory.CreateDirectory(_folder);
        var options = new DbContextOptionsBuilder<BrokerConsoleDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, "dup.db")}").Options;
        await using var db = new BrokerConsoleDbContext(options);
        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        var oneCard = migrations.FindIndex(m => m.EndsWith("_OneCardPerLogin", StringComparison.Ordinal));
        await migrator.MigrateAsync(migrations[oneCard - 1]);

        await db.Database.ExecuteSqlRawAsync("""PRAGMA foreign_keys = OFF;""");
        foreach (var (id, created, clientId, environment) in new[]
        {
            ("00000000-0000-0000-0000-000000000001", 100L, "1100000001", "Live"),
            ("00000000-0000-0000-0000-000000000002", 200L, "1100000001", "Live"),
            ("00000000-0000-0000-0000-000000000003", 300L, "1100000001", "Live"),
            ("00000000-0000-0000-0000-000000000004", 400L, "1100000001", "Sandbox"),
        })
        {
            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO "BrokerAccounts" ("Id", "OwnerId", "Broker", "DisplayName", "ClientId", "Environment", "LoginPosition", "CreatedAt", "UpdatedAt")
                VALUES ({0}, 'owner-1', 'Dhan', 'Dhan main', {1}, {2}, 0, {3}, {3});
                """, id, clientId, environment, created);
        }

        await migrator.MigrateAsync();

        var rows = await db.BrokerAccounts.AsNoTracking().OrderBy(a => a.CreatedAt).Select(a => new { a.ClientId, a.DisplayName }).ToListAsync();
        Assert.Equal(["1100000001", "1100000001-DUPLICATE1", "1100000001-DUPLICATE2", "1100000001"], rows.Select(r => r.ClientId));
        Assert.Equal(["Dhan main", "Dhan main (duplicate)", "Dhan main (duplicate)", "Dhan main"], rows.Select(r => r.DisplayName));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }
}
