using System.ComponentModel.DataAnnotations;

namespace BrokerConsole.Core.Persistence;

/// <summary>Where BrokerConsole keeps its data: the SQLite file (or a PostgreSQL server) and the Data Protection key ring.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>
    /// <c>Sqlite</c> (the default) or <c>PostgreSQL</c> with <c>ConnectionStrings:BrokerConsole</c>; read and checked by
    /// <see cref="Providers.StorageProviderSelection"/> before anything starts (kept as text so a misspelling gets its own message).
    /// </summary>
    public string? Provider { get; set; }

    /// <summary>
    /// Folder for <c>brokerconsole.db</c> and <c>keys/</c>; relative paths are resolved against the
    /// content root. Created with owner-only permissions on Unix.
    /// </summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>The SQLite file name inside <see cref="DataDirectory"/>.</summary>
    [Required]
    public string DatabaseFileName { get; set; } = "brokerconsole.db";

    /// <summary>How long a command waits for a locked database before failing (SQLite's busy timeout; not used with PostgreSQL).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Resolved absolute locations, computed once at start-up.</summary>
public sealed record StoragePaths(string DataDirectory, string DatabasePath, string KeyRingDirectory)
{
    public static StoragePaths Resolve(StorageOptions options, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = Path.GetFullPath(options.DataDirectory, contentRoot);
        return new StoragePaths(data, Path.Combine(data, options.DatabaseFileName), Path.Combine(data, "keys"));
    }

    /// <summary>Creates the folders (the keys folder only when the key ring is kept there); on Unix they are 0700 so only the app's user can read keys or data.</summary>
    public void EnsureCreated(bool keyRingFolder = true)
    {
        foreach (var directory in keyRingFolder ? new[] { DataDirectory, KeyRingDirectory } : [DataDirectory])
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                // CreateDirectory leaves an existing folder's mode alone; tighten it in case it was made by hand.
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }
}
