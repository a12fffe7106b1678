using System.Net;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace BrokerConsole.Tests.Credentials;

/// <summary>
/// /healthz looks at the data, not only at a fresh round trip: a stored secret must decrypt with a key still on
/// disk, and the database must take a write.
/// </summary>
public sealed class KeyRingHealthTests : IDisposable
{
    private readonly string _data = TestApp.NewDataDirectory();

    public void Dispose() => TestFolders.Delete(_data);

    [Fact]
    public async Task Stored_secret_decrypts_and_the_database_takes_a_write_healthy()
    {
        await using var app = KeyRingApps.Over(_data);
        await app.StoreAccountWithSecretAsync();

        var health = await app.HealthAsync();

        Assert.Equal("Healthy", health.Status);
        Assert.Equal("Healthy", health.KeyRing?.Status);
        Assert.Contains("decrypts the stored secrets", health.KeyRing!.Description, StringComparison.Ordinal);
        Assert.Contains("\"storedSecretsReadable\":1", health.Body, StringComparison.Ordinal);
        Assert.Equal("Healthy", health.DatabaseWrite?.Status);
    }

    [Fact]
    public async Task Keys_folder_deleted_while_running_is_unhealthy_before_the_restart_that_would_lose_the_secrets()
    {
        await using var app = KeyRingApps.Over(_data);
        await app.StoreAccountWithSecretAsync();

        Directory.Delete(app.KeysDirectory, recursive: true);
        var health = await app.HealthAsync();

        // The app's cached ring still protects and unprotects a fresh value: only the stored data shows the loss.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.HttpStatus);
        Assert.Equal("Unhealthy", health.KeyRing?.Status);
        Assert.Contains("restore it from the backup before the app restarts", health.KeyRing!.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(_data, health.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Database_that_takes_no_write_is_degraded_and_recovers()
    {
        await using var app = KeyRingApps.Over(_data);
        await app.StoreAccountWithSecretAsync();

        // Another process holding the write lock: reads still work, writes wait and fail, as on a full disk.
        await using (var holder = new SqliteConnection($"Data Source={Path.Combine(_data, "brokerconsole.db")};Pooling=False"))
        {
            await holder.OpenAsync();
            await using var hold = holder.CreateCommand();
            hold.CommandText = "BEGIN IMMEDIATE;";
            await hold.ExecuteNonQueryAsync();

            var locked = await app.HealthAsync();

            Assert.Equal(HttpStatusCode.OK, locked.HttpStatus);
            Assert.Equal("Degraded", locked.Status);
            Assert.Equal("Degraded", locked.DatabaseWrite?.Status);
            Assert.Contains("does not take writes", locked.DatabaseWrite!.Description, StringComparison.Ordinal);
            Assert.Contains("\"database\":{\"status\":\"Healthy\"", locked.Body, StringComparison.Ordinal);

            hold.CommandText = "ROLLBACK;";
            await hold.ExecuteNonQueryAsync();
        }

        var released = await app.HealthAsync();
        Assert.Equal("Healthy", released.DatabaseWrite?.Status);
    }
}
