using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BrokerConsole.Tests.TestSupport;

/// <summary>
/// The Web app as a real process on a loopback port, started from its own build output in
/// Development (as the README's run command does), with a fresh data folder.
/// </summary>
public sealed class RunningApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunningApp(Process process, Uri baseUrl, string dataDirectory)
    {
        _process = process;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
    }

    public Uri BaseUrl { get; }

    public string DataDirectory { get; }

    /// <summary>Everything the app wrote to stdout and stderr so far: its log.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="environment">Extra environment variables, given the base URL the app will listen on.</param>
    public static async Task<RunningApp> StartAsync(Func<Uri, IDictionary<string, string>>? environment = null)
    {
        var executable = Path.Combine(RepoPaths.WebOutput, OperatingSystem.IsWindows() ? "BrokerConsole.Web.exe" : "BrokerConsole.Web");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Build the Web app first: {executable} is missing.");
        }

        var baseUrl = new Uri($"http://127.0.0.1:{FreePort()}");
        var dataDirectory = Path.Combine(Path.GetTempPath(), "brokerconsole-browser", Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = RepoPaths.WebOutput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = baseUrl.ToString();
        start.Environment["Storage__DataDirectory"] = dataDirectory;
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment?.Invoke(baseUrl) ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the Web app.");
        var app = new RunningApp(process, baseUrl, dataDirectory);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await app.WaitUntilReadyAsync();
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The Web app exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                var response = await client.GetAsync(new Uri(BaseUrl, "/account/login"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
                // One slow answer on a loaded machine (the app still compiling its first page) is not a failure:
                // the 60-second deadline decides.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The Web app did not answer within 60 s:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
