using System.Diagnostics;
using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Deploy;

/// <summary>
/// deploy/systemd/brokerconsole.service as systemd reads it: systemd ignores a line it cannot parse and starts the
/// service anyway, so a misspelt hardening option would silently leave the app unconfined. systemd-analyze names them.
/// </summary>
public sealed class SystemdUnitTests
{
    private static readonly string _unit = Path.Combine(RepoPaths.Root, "deploy", "systemd", "brokerconsole.service");

    [SystemdFact]
    public async Task Every_line_of_the_unit_is_understood_by_systemd()
    {
        using var analyze = Process.Start(new ProcessStartInfo(SystemdFactAttribute.Analyze)
        {
            ArgumentList = { "verify", _unit },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var errors = analyze.StandardError.ReadToEndAsync();
        var output = await analyze.StandardOutput.ReadToEndAsync();
        await analyze.WaitForExitAsync();

        var complaints = (await errors + output).Split('\n').Where(l => l.Contains("brokerconsole.service:", StringComparison.Ordinal)).ToList();
        Assert.Empty(complaints);
    }

    [Fact]
    public void The_data_folder_is_the_only_writable_path_and_the_app_runs_as_its_own_user()
    {
        var lines = File.ReadAllLines(_unit).Select(l => l.Trim()).ToList();

        Assert.Contains("ProtectSystem=strict", lines);
        Assert.Contains("ReadWritePaths=/var/lib/brokerconsole", lines);
        Assert.Single(lines, l => l.StartsWith("ReadWritePaths=", StringComparison.Ordinal));
        Assert.Contains("User=brokerconsole", lines);
        Assert.Contains("NoNewPrivileges=true", lines);
    }
}

/// <summary>Runs where systemd-analyze exists (Debian with systemd); elsewhere the unit cannot be checked and says so.</summary>
public sealed class SystemdFactAttribute : FactAttribute
{
    public const string Analyze = "/usr/bin/systemd-analyze";

    public SystemdFactAttribute()
    {
        if (!File.Exists(Analyze))
        {
            Skip = $"needs {Analyze} (Debian's systemd package)";
        }
    }
}
