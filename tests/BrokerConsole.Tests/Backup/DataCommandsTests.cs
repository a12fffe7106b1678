using System.Diagnostics;
using BrokerConsole.Tests.Credentials;
using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Backup;

/// <summary>The operator's commands, run as shipped: <c>BrokerConsole.Web backup|restore &lt;file&gt;</c>, exit codes and messages.</summary>
public sealed class DataCommandsTests : IDisposable
{
    private readonly string _work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "brokerconsole-backup", Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => TestFolders.Delete(_work);

    [Fact]
    public async Task Backup_then_restore_from_the_command_line_and_a_second_restore_is_refused()
    {
        var source = Path.Combine(_work, "source");
        await using (var app = KeyRingApps.Over(source))
        {
            await app.StoreAccountWithSecretAsync();
        }

        var archive = Path.Combine(_work, "nightly.zip");
        var backup = await RunAsync("backup", archive, $"--Storage:DataDirectory={source}");
        Assert.True(backup.ExitCode == 0, backup.Error);
        Assert.Contains("and 1 key(s) of the key ring to " + archive, backup.Output, StringComparison.Ordinal);

        var target = Path.Combine(_work, "target");
        var restore = await RunAsync("restore", archive, $"--Storage:DataDirectory={target}");
        Assert.True(restore.ExitCode == 0, restore.Error);
        Assert.True(File.Exists(Path.Combine(target, "brokerconsole.db")));

        var again = await RunAsync("restore", archive, $"--Storage:DataDirectory={target}");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("A database already exists", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_without_its_file_prints_the_usage()
    {
        var answer = await RunAsync("backup");

        Assert.Equal(2, answer.ExitCode);
        Assert.Contains("Usage: BrokerConsole.Web backup <file.zip>", answer.Error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(RepoPaths.WebOutput, OperatingSystem.IsWindows() ? "BrokerConsole.Web.exe" : "BrokerConsole.Web"))
        {
            WorkingDirectory = RepoPaths.WebOutput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output, await error);
    }
}
