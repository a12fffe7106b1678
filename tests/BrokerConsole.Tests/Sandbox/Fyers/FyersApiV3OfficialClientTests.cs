using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace BrokerConsole.Tests.Sandbox.Fyers;

/// <summary>
/// Fyers' official <c>fyers-api-v3</c> npm client (pinned in tests/acceptance/fyers-api-v3/package.json), unmodified,
/// against the Fyers sandbox. The package hard-codes <c>https://api-t1.fyers.in</c>, so the sandbox is served over TLS on
/// loopback with a test-time certificate for that name (<see cref="FyersTlsSandboxHost"/>) and a Node preload redirects
/// exactly the Fyers hostnames to it; TLS verification stays on. run.mjs covers login (bad appIdHash, then validate-authcode),
/// profile, funds, holdings, orders (place/modify/by id/cancel), tradebook, positions and the -16 expiry path.
/// </summary>
public sealed class FyersApiV3OfficialClientTests(ITestOutputHelper log)
{
    private const string AppId = "NPMFYAPP01-100";
    private const string Secret = "npm-fyers-secret-01";
    private const string FyId = "FN0001";
    private const string Pin = "2468";
    private const string TotpSecret = "ONSWG4TFOQYTEMZUGU3DOOBZ";
    private const string Redirect = "http://127.0.0.1:5080/connect/fyers/callback";
    private static readonly TimeSpan _timeout = TimeSpan.FromMinutes(2);

    private static Dictionary<string, string?> Settings() => new()
    {
        ["Sandbox:Fyers:Apps:0:AppId"] = AppId,
        ["Sandbox:Fyers:Apps:0:Secret"] = Secret,
        ["Sandbox:Fyers:Apps:0:RedirectUrl"] = Redirect,
        ["Sandbox:Fyers:Users:0:FyId"] = FyId,
        ["Sandbox:Fyers:Users:0:Pin"] = Pin,
        ["Sandbox:Fyers:Users:0:TotpSecret"] = TotpSecret,
        ["Sandbox:Fyers:Users:0:Name"] = "Npm Client",
        ["Sandbox:Fyers:Users:0:Holdings:0:Symbol"] = "NSE:INFY-EQ",
        ["Sandbox:Fyers:Users:0:Holdings:0:Quantity"] = "5",
        ["Sandbox:Fyers:Users:0:Holdings:0:CostPrice"] = "1400",
    };

    [Fact]
    public async Task OfficialClient_login_orders_tradebook_and_expiry_flow_exits_zero()
    {
        var folder = FindAcceptanceFolder();
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "fyers-api-v3")),
            $"node_modules is missing: run `npm ci` in {folder} (it installs the pinned official fyers-api-v3 client).");
        await using var host = await FyersTlsSandboxHost.StartAsync(Settings());

        var (exit, output) = await RunNodeAsync(folder, host, trustCa: true, "--require", "./redirect-fyers-hosts.cjs", "run.mjs");

        log.WriteLine(output);
        Assert.True(exit == 0, $"node run.mjs exited {exit}:\n{output}");
        Assert.Contains("ALL STEPS PASSED", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_test_ca_the_redirected_host_fails_tls_verification()
    {
        var folder = FindAcceptanceFolder();
        await using var host = await FyersTlsSandboxHost.StartAsync(Settings());
        const string Probe = """
            require('node:https').get('https://api-t1.fyers.in/api/v3/profile', (r) => { console.log('STATUS ' + r.statusCode); process.exit(0); })
              .on('error', (e) => { console.log('TLS ' + e.code); process.exit(3); });
            """;

        var (exit, output) = await RunNodeAsync(folder, host, trustCa: false, "--require", "./redirect-fyers-hosts.cjs", "-e", Probe);
        var (trustedExit, trusted) = await RunNodeAsync(folder, host, trustCa: true, "--require", "./redirect-fyers-hosts.cjs", "-e", Probe);

        // The redirect reaches the sandbox either way; only the test CA makes the certificate acceptable.
        Assert.True(exit == 3, output);
        Assert.Contains("TLS UNABLE_TO_VERIFY_LEAF_SIGNATURE", output, StringComparison.Ordinal);
        Assert.True(trustedExit == 0, trusted);
        Assert.Contains("STATUS 401", trusted, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> RunNodeAsync(string folder, FyersTlsSandboxHost host, bool trustCa, params string[] args)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["FYERS_SANDBOX_PORT"] = host.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["FYERS_APP_ID"] = AppId,
                ["FYERS_SECRET"] = Secret,
                ["FYERS_REDIRECT"] = Redirect,
                ["FYERS_ID"] = FyId,
                ["FYERS_PIN"] = Pin,
                ["FYERS_TOTP_SECRET"] = TotpSecret,
            },
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("NODE_EXTRA_CA_CERTS");
        if (trustCa)
        {
            start.Environment["NODE_EXTRA_CA_CERTS"] = host.CaCertificateFile;
        }

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
            Assert.Fail($"node did not finish within {_timeout}:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static string FindAcceptanceFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "acceptance", "fyers-api-v3");
            if (File.Exists(Path.Combine(candidate, "run.mjs")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/acceptance/fyers-api-v3/run.mjs not found above " + AppContext.BaseDirectory);
    }
}
