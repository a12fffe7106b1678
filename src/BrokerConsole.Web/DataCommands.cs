using BrokerConsole.Core.Backup;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Persistence.Providers;

namespace BrokerConsole.Web;

/// <summary>
/// <c>backup &lt;file&gt;</c> and <c>restore &lt;file&gt;</c>: run in place of the server and exit, reading the same
/// configuration (appsettings, environment, <c>--Storage:DataDirectory=…</c>) so they find the data folder the app uses.
/// A backup can run while the app is serving; a restore goes into an empty data folder only.
/// </summary>
internal static class DataCommands
{
    private const string Usage = "Usage: BrokerConsole.Web backup <file.zip> | restore <file.zip> [--Storage:DataDirectory=<folder>]";

    /// <summary>The command's exit code, or null when the arguments name no command (start the server).</summary>
    public static async Task<int?> TryRunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is not ("backup" or "restore"))
        {
            return null;
        }

        if (args.Length < 2 || args[1].StartsWith('-'))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var file = Path.GetFullPath(args[1]);
        // Only the settings after the file go to configuration: a bare path such as /tmp/x.zip would read as a key.
        var builder = WebApplication.CreateBuilder(args[2..]);
        var storage = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        if (StorageProviderSelection.ParseKind(storage.Provider) != StorageProviderKind.Sqlite)
        {
            // These commands copy the SQLite file; a PostgreSQL database is backed up with pg_dump (README "Storage").
            await error.WriteLineAsync($"{args[0]} works on the SQLite file only; with Storage:Provider={storage.Provider} use pg_dump (the key ring is in the database) and keep the key-ring certificate and its password (docs/storage.md).");
            return 2;
        }

        var paths = StoragePaths.Resolve(storage, builder.Environment.ContentRootPath);
        try
        {
            if (args[0] == "backup")
            {
                var manifest = await DataBackup.CreateAsync(paths, file, TimeProvider.System);
                await output.WriteLineAsync($"Backed up {paths.DatabasePath} ({manifest.Database.Bytes:N0} bytes) and {manifest.KeyCount} key(s) of the key ring to {file}.");
                await output.WriteLineAsync("The file decrypts every stored secret: keep it as safe as the data folder (it is created owner-only).");
            }
            else
            {
                var manifest = await DataRestore.RestoreAsync(file, paths);
                await output.WriteLineAsync($"Restored the backup of {manifest.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC into {paths.DataDirectory}: database and {manifest.KeyCount} key(s), checked against the manifest.");
            }

            return 0;
        }
        catch (BackupException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
    }
}
