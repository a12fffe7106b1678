using System.Diagnostics;
using System.Text;
using BrokerConsole.Tests.Sandbox.Kite;
using Xunit.Abstractions;

namespace BrokerConsole.Tests.Sandbox.Angel;

/// <summary>
/// Angel One's official <c>smartapi-javascript</c> client (pinned in tests/acceptance/smartapi-javascript/package.json)
/// drives the Angel sandbox through run.mjs: login with TOTP, profile, RMS, place/list/cancel, empty positions as
/// <c>data:null</c>, logout and the AG8001 gateway answer afterwards. Never skipped: missing node_modules fails with the fix.
/// </summary>
public sealed class SmartApiOfficialClientTests(ITestOutputHelper log)
{
    private static readonly TimeSpan _timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task OfficialClient_login_orders_and_logout_flow_exits_zero()
    {
        var folder = FindAcceptanceFolder();
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "smartapi-javascript")),
            $"node_modules is missing: run `npm ci` in {folder} (it installs the pinned official smartapi-javascript client).");

        // The real clock: the script computes its TOTP from its own clock, as an authenticator would.
        await using var host = await KiteSandboxHost.StartAsync(settings =>
        {
            settings["Sandbox:Angel:Apps:0:ApiKey"] = "smartofficial01";
            settings["Sandbox:Angel:Users:0:ClientCode"] = "S1001";
            settings["Sandbox:Angel:Users:0:Mpin"] = "1357";
            settings["Sandbox:Angel:Users:0:TotpSecret"] = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
            settings["Sandbox:Angel:Users:0:Name"] = "Official Client";
            settings["Sandbox:Angel:Users:0:Holdings:0:TradingSymbol"] = "INFY-EQ";
            settings["Sandbox:Angel:Users:0:Holdings:0:Quantity"] = "4";
            settings["Sandbox:Angel:Users:0:Holdings:0:AveragePrice"] = "1400";
        }, systemClock: true);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { "run.mjs", host.BaseUrl[..^"/kite".Length] + "/angel" },
            Environment =
            {
                ["ANGEL_API_KEY"] = "smartofficial01",
                ["ANGEL_CLIENT_CODE"] = "S1001",
                ["ANGEL_MPIN"] = "1357",
                ["ANGEL_TOTP_SECRET"] = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
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

        process.WaitForExit();
        log.WriteLine(output.ToString());
        Assert.True(process.ExitCode == 0, $"node run.mjs exited {process.ExitCode}:\n{output}");
        Assert.Contains("ALL STEPS PASSED", output.ToString(), StringComparison.Ordinal);
    }

    private static string FindAcceptanceFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "acceptance", "smartapi-javascript");
            if (File.Exists(Path.Combine(candidate, "run.mjs")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/acceptance/smartapi-javascript/run.mjs not found above " + AppContext.BaseDirectory);
    }
}
