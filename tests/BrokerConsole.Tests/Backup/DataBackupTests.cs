using System.IO.Compression;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Backup;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Tests.Credentials;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Backup;

/// <summary>
/// Issue 19 §4: a backup is one archive of a consistent database copy and the key ring, taken while the app writes,
/// and a restore into a fresh folder gives back an app that decrypts the secrets it stored.
/// </summary>
public sealed class DataBackupTests : IDisposable
{
    private const string Secret = "CANARYbackupSecret41x";

    private readonly string _work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "brokerconsole-backup", Guid.NewGuid().ToString("N"))).FullName;

    private string Archive => Path.Combine(_work, "backup.zip");

    public void Dispose() => TestFolders.Delete(_work);

    [Fact]
    public async Task A_backup_taken_under_write_load_restores_into_a_fresh_folder_and_decrypts_the_stored_secret()
    {
        var source = Path.Combine(_work, "source");
        string userId;
        Guid accountId;
        int writesDuringBackup;
        await using (var app = KeyRingApps.Over(source))
        {
            userId = await app.CreateUserAsync("backup@example.com");
            await using (var scope = app.ScopeFor(userId))
            {
                accountId = (await scope.ServiceProvider.GetRequiredService<IAccountService>().CreateAsync(AccountDrafts.Zerodha(secret: Secret))).Id;
            }

            // Audit entries written without pause while the backup runs: the copy must be consistent, not torn.
            using var stop = new CancellationTokenSource();
            var written = 0;
            var underLoad = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writer = Task.Run(async () =>
            {
                var trail = app.Services.GetRequiredService<IAuditTrail>();
                while (!stop.IsCancellationRequested)
                {
                    await trail.RecordAsync(userId, AuditAction.SignedIn, $"load {written}", cancellationToken: CancellationToken.None);
                    if (Interlocked.Increment(ref written) == 20)
                    {
                        underLoad.SetResult();
                    }
                }
            });
            await underLoad.Task.WaitAsync(TimeSpan.FromSeconds(30));

            var before = Volatile.Read(ref written);
            var manifest = await DataBackup.CreateAsync(app.Services.GetRequiredService<StoragePaths>(), Archive, TimeProvider.System);
            writesDuringBackup = Volatile.Read(ref written) - before;
            await stop.CancelAsync();
            await writer;

            Assert.Equal(1, manifest.KeyCount);
            Assert.True(manifest.Database.Bytes > 0);
        }

        Assert.True(writesDuringBackup > 0, "the app kept writing while the backup ran");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Archive));
        }

        var restored = Path.Combine(_work, "restored");
        var manifestBack = await DataRestore.RestoreAsync(Archive, PathsOf(restored));
        Assert.Equal(1, manifestBack.KeyCount);

        await using var again = KeyRingApps.Over(restored);
        await using var userScope = again.ScopeFor(userId);
        var accounts = userScope.ServiceProvider.GetRequiredService<IAccountService>();
        Assert.Equal(Secret, await accounts.RevealSecretAsync(accountId, SecretKind.ApiSecret));
    }

    [Fact]
    public async Task A_restore_never_overwrites_an_existing_database()
    {
        var target = await BackUpAndRestoreOnceAsync();

        var refused = await Assert.ThrowsAsync<BackupException>(() => DataRestore.RestoreAsync(Archive, PathsOf(target)));
        Assert.Contains("A database already exists", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_archive_restores_nothing()
    {
        await BackUpAsync();
        using (var zip = ZipFile.Open(Archive, ZipArchiveMode.Update))
        {
            var key = zip.Entries.First(e => e.FullName.StartsWith("keys/", StringComparison.Ordinal));
            var name = key.FullName;
            key.Delete();
            await using var replaced = zip.CreateEntry(name).Open();
            await replaced.WriteAsync("<key>altered</key>"u8.ToArray());
        }

        var target = Path.Combine(_work, "damaged");
        var refused = await Assert.ThrowsAsync<BackupException>(() => DataRestore.RestoreAsync(Archive, PathsOf(target)));

        Assert.Contains("does not match its manifest", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(PathsOf(target).DatabasePath));
        Assert.Empty(Directory.EnumerateFiles(PathsOf(target).KeyRingDirectory));
    }

    [Fact]
    public async Task A_backup_never_overwrites_a_file()
    {
        await BackUpAsync();
        var source = Path.Combine(_work, "source");

        var refused = await Assert.ThrowsAsync<BackupException>(() => DataBackup.CreateAsync(PathsOf(source), Archive, TimeProvider.System));
        Assert.Contains("already exists", refused.Message, StringComparison.Ordinal);
    }

    private async Task BackUpAsync()
    {
        var source = Path.Combine(_work, "source");
        await using var app = KeyRingApps.Over(source);
        await app.StoreAccountWithSecretAsync();
        await DataBackup.CreateAsync(app.Services.GetRequiredService<StoragePaths>(), Archive, TimeProvider.System);
    }

    private async Task<string> BackUpAndRestoreOnceAsync()
    {
        await BackUpAsync();
        var target = Path.Combine(_work, "target");
        await DataRestore.RestoreAsync(Archive, PathsOf(target));
        return target;
    }

    private static StoragePaths PathsOf(string dataDirectory) => StoragePaths.Resolve(new StorageOptions { DataDirectory = dataDirectory }, "/");
}
