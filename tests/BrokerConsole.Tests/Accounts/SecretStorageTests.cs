using System.Text;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Accounts;

/// <summary>Canary secrets written through the services must never reach the database file or the logs in plaintext.</summary>
public sealed class SecretStorageTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly string[] _canaries =
    [
        "CANARYapisecretZ9f3k2",
        "CANARYdhantokenQ7w8e9",
        "CANARYfyerssecretM1n2",
        "4827",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
    ];

    [Fact]
    public async Task Canary_secrets_never_appear_in_database_bytes_or_logs()
    {
        var userId = await app.CreateUserAsync("canary@example.com");
        await using (var scope = app.ScopeFor(userId))
        {
            var accounts = scope.ServiceProvider.GetRequiredService<IAccountService>();
            var zerodha = await accounts.CreateAsync(AccountDrafts.Zerodha(secret: _canaries[0]));
            var dhan = await accounts.CreateAsync(AccountDrafts.Dhan(token: _canaries[1]));
            await accounts.CreateAsync(AccountDrafts.Fyers(secret: _canaries[2]));
            var angel = await accounts.CreateAsync(AccountDrafts.AngelOne(mpin: _canaries[3], totp: _canaries[4]));

            // Exercise the paths that touch plaintext: reveal and re-encrypt on edit.
            Assert.Equal(_canaries[0], await accounts.RevealSecretAsync(zerodha.Id, SecretKind.ApiSecret));
            Assert.Equal(_canaries[4], await accounts.RevealSecretAsync(angel.Id, SecretKind.TotpSecret));
            var draft = await accounts.GetDraftAsync(dhan.Id);
            draft.AccessToken = _canaries[1];
            await accounts.UpdateAsync(dhan.Id, draft);
        }

        // Checkpoint moves WAL pages into the main file; scan both before and after so neither hides a leak.
        var beforeCheckpoint = app.ReadDatabaseBytes();
        await CheckpointAsync();
        var afterCheckpoint = app.ReadDatabaseBytes();
        Assert.True(afterCheckpoint.Length > 0);

        foreach (var canary in _canaries)
        {
            // The 4-digit MPIN is too short to scan bytes for meaningfully (it collides with page data);
            // it is checked in the secrets table below instead.
            if (canary.Length > 4)
            {
                AssertAbsent(beforeCheckpoint, canary);
                AssertAbsent(afterCheckpoint, canary);
            }

            Assert.DoesNotContain(canary.Length > 4 ? canary : $"={canary}", app.Logs.AllText, StringComparison.Ordinal);
        }

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "brokerconsole.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Kind, Ciphertext FROM AccountSecrets";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            var ciphertext = reader.GetString(1);
            Assert.DoesNotContain(ciphertext, _canaries);
            Assert.True(ciphertext.Length > 40, "Data Protection output is far longer than any canary.");
        }

        Assert.Equal(5, rows);
        Assert.NotEmpty(app.Logs.Lines);
    }

    private async Task CheckpointAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "brokerconsole.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await command.ExecuteNonQueryAsync();
    }

    private static void AssertAbsent(byte[] haystack, string canary)
    {
        foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode })
        {
            var needle = encoding.GetBytes(canary);
            Assert.True(haystack.AsSpan().IndexOf(needle) < 0, $"'{canary}' found in the database file as {encoding.WebName}.");
        }
    }
}
