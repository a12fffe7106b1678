using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Credentials.KeyRing;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Credentials;

/// <summary>
/// Issue #19 §2: where the key ring goes. PostgreSQL refuses to start without a usable key-ring certificate, naming the
/// setting and never the password; SQLite keeps its keys folder and its file gains no keys table.
/// </summary>
public sealed class KeyRingPlacementTests
{
    private static async Task<KeyRingConfigurationException> RefusedAsync(AppFixture recipe)
    {
        await using var app = await recipe.StartAsync();
        var thrown = await Record.ExceptionAsync(() => Task.FromResult(app.Services));
        var refused = Unwrap<KeyRingConfigurationException>(thrown)
            ?? throw new Xunit.Sdk.XunitException($"Expected the start to be refused for the key-ring certificate, got: {thrown}");
        Assert.StartsWith("BrokerConsole will not start", refused.Message, StringComparison.Ordinal);
        return refused;
    }

    [Fact]
    public async Task A_postgres_node_without_the_certificate_refuses_to_start_naming_the_setting()
    {
        var refused = await RefusedAsync(AppFixture.Create().OnPostgres().WithSetting("DataProtection:CertificatePath", ""));

        Assert.Contains("Storage:Provider is PostgreSQL", refused.Message, StringComparison.Ordinal);
        Assert.Contains("DataProtection:CertificatePath is not set", refused.Message, StringComparison.Ordinal);
        Assert.Contains("DataProtection__CertificatePath=", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_certificate_password_refuses_to_start_naming_the_setting_and_not_the_password()
    {
        const string wrong = "CANARY-wrong-pfx-password-77";
        var refused = await RefusedAsync(AppFixture.Create().OnPostgres().WithSetting("DataProtection:CertificatePassword", wrong));

        Assert.Contains("cannot be opened with DataProtection:CertificatePassword", refused.Message, StringComparison.Ordinal);
        Assert.Contains(KeyRingCertificates.Shared, refused.Message, StringComparison.Ordinal);
        for (Exception? e = refused; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain(wrong, e.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_missing_or_unreadable_certificate_file_refuses_to_start_naming_the_setting()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-keyring-{Guid.NewGuid():N}.pfx");
        var refused = await RefusedAsync(AppFixture.Create().OnPostgres().WithSetting("DataProtection:CertificatePath", missing));
        Assert.Contains($"DataProtection:CertificatePath is '{missing}', but there is no file there", refused.Message, StringComparison.Ordinal);

        // Not a PFX at all (e.g. the PEM certificate without its key): the same setting is named.
        var notPfx = Path.Combine(Path.GetTempPath(), $"not-a-pfx-{Guid.NewGuid():N}.pfx");
        await File.WriteAllTextAsync(notPfx, "-----BEGIN CERTIFICATE-----\nnot really\n-----END CERTIFICATE-----\n");
        try
        {
            refused = await RefusedAsync(AppFixture.Create().OnPostgres().WithSetting("DataProtection:CertificatePath", notPfx));
            Assert.Contains($"DataProtection:CertificatePath='{notPfx}'", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(notPfx);
        }
    }

    [Fact]
    public async Task A_second_node_with_another_certificate_refuses_to_start_instead_of_using_a_ring_of_its_own()
    {
        var database = PostgresCluster.CreateDatabase();
        try
        {
            await using (var first = await AppFixture.Create().OnPostgres(database).StartAsync())
            {
                _ = first.Get<Core.Credentials.ISecretProtector>().Protect(Guid.NewGuid(), Core.Credentials.SecretKind.ApiSecret, "made on the first node");
            }

            await using var second = await AppFixture.Create().OnPostgres(database)
                .WithSetting("DataProtection:CertificatePath", KeyRingCertificates.Create())
                .StartAsync();
            var thrown = await Record.ExceptionAsync(() => Task.FromResult(second.Services));

            var refused = Assert.IsType<KeyRingRefusedException>(Unwrap<KeyRingRefusedException>(thrown));
            Assert.Contains("key ring in the database (table DataProtectionKeys) is damaged", refused.Message, StringComparison.Ordinal);
            Assert.Contains("DataProtection:CertificatePath is not the certificate that encrypted them", refused.Message, StringComparison.Ordinal);
            Assert.Equal(1L, await KeyRowCountAsync(database)); // and it made no key of its own
        }
        finally
        {
            PostgresCluster.DropDatabase(database);
        }
    }

    private static T? Unwrap<T>(Exception? thrown)
        where T : Exception
    {
        for (var e = thrown; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static async Task<long> KeyRowCountAsync(string database)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM \"DataProtectionKeys\"", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task On_sqlite_the_key_ring_stays_in_the_keys_folder_and_the_database_gains_no_keys_table()
    {
        await using var app = new TestApp();
        var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        await using (var scope = app.ScopeFor(userId))
        {
            await scope.ServiceProvider.GetRequiredService<IAccountService>().CreateAsync(AccountDrafts.Zerodha());
        }

        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(app.DataDirectory, "keys"), "key-*.xml"));
        Assert.IsType<FolderKeyRing>(app.Get<KeyRingStore>());
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "brokerconsole.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var tables = connection.CreateCommand();
        tables.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE '%DataProtection%'";
        Assert.Equal(0L, (long)(await tables.ExecuteScalarAsync())!);
        await using var any = connection.CreateCommand();
        any.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'AccountSecrets'";
        Assert.Equal(1L, (long)(await any.ExecuteScalarAsync())!); // the query itself works: the file has the app's tables
    }
}
