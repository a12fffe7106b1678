using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace BrokerConsole.Tests.Sandbox.Kite;

/// <summary>
/// The official <c>kiteconnect</c> npm client (pinned in tests/acceptance/kiteconnect/package.json) drives the
/// sandbox end to end through tests/acceptance/kiteconnect/run.mjs: if it works with Zerodha's own client,
/// the wire protocol is right. Never skipped: a missing node_modules is a failure with the fix in the message.
/// </summary>
public sealed class KiteConnectOfficialClientTests(ITestOutputHelper log)
{
    private static readonly TimeSpan _timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task OfficialClient_full_session_order_and_error_flow_exits_zero()
    {
        var folder = FindAcceptanceFolder();
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "kiteconnect")),
            $"node_modules is missing: run `npm ci` in {folder} (it installs the pinned official kiteconnect client).");

        // The real clock: the script computes TOTP codes from its own clock, as an authenticator would.
        await using var host = await KiteSandboxHost.StartAsync(systemClock: true);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { "run.mjs", host.BaseUrl },
            Environment =
            {
                ["KITE_API_KEY"] = KiteSandboxHost.ApiKey,
                ["KITE_API_SECRET"] = KiteSandboxHost.ApiSecret,
                ["KITE_USER_ID"] = KiteSandboxHost.UserId,
                ["KITE_PASSWORD"] = KiteSandboxHost.Password,
                ["KITE_TOTP_SECRET"] = KiteSandboxHost.TotpSecret,
            },
        };

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine("stderr: " + e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(_timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"node run.mjs did not finish within {_timeout}:\n{output}");
        }

        process.WaitForExit(); // flushes the async output readers
        log.WriteLine(output.ToString());
        Assert.True(process.ExitCode == 0, $"node run.mjs exited {process.ExitCode}:\n{output}");
        Assert.Contains("ALL STEPS PASSED", output.ToString(), StringComparison.Ordinal);
    }

    private static string FindAcceptanceFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "acceptance", "kiteconnect");
            if (File.Exists(Path.Combine(candidate, "run.mjs")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/acceptance/kiteconnect/run.mjs not found above " + AppContext.BaseDirectory);
    }
}
