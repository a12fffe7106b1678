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
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];

    private readonly bool _ownsDataDirectory;

    private RunningApp(Process process, Uri baseUrl, string dataDirectory, bool ownsDataDirectory)
    {
        _process = process;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
    }

    public Uri BaseUrl { get; }

    public string DataDirectory { get; }

    /// <summary>The child's process id, e.g. to read its resident memory from /proc.</summary>
    public int ProcessId => _process.Id;

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
    /// <param name="dataDirectory">An existing data folder (a restart over the same database and key ring), kept at dispose; a fresh one when null.</param>
    /// <param name="port">The loopback port to listen on, when another process must know it before this one starts (<see cref="FreePort"/>).</param>
    public static async Task<RunningApp> StartAsync(Func<Uri, IDictionary<string, string>>? environment = null, string? dataDirectory = null, int? port = null)
    {
        var app = Launch(environment, dataDirectory, port);
        try
        {
            await app.WaitUntilReadyAsync();
        }
        catch
        {
            // A child that never became ready is still a child: it must not outlive the test.
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>
    /// Starts the app and waits for the process to end by itself (a refused start): its exit code and everything it wrote.
    /// Killed and reported as a timeout when it is still running after <paramref name="guard"/>.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(Func<Uri, IDictionary<string, string>>? environment, string dataDirectory, TimeSpan guard)
    {
        await using var app = Launch(environment, dataDirectory);
        using var timeout = new CancellationTokenSource(guard);
        try
        {
            await app._process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The Web app was still running after {guard}:\n{app.Output}");
        }

        // The exit event can come before the last lines of output: WaitForExit() without a timeout drains them.
        app._process.WaitForExit();
        return (app._process.ExitCode, app.Output);
    }

    /// <summary>kill -9: Process.Kill sends SIGKILL on Linux; nothing in the app runs after it (no shutdown, no flush).</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    private static RunningApp Launch(Func<Uri, IDictionary<string, string>>? environment, string? dataDirectory, int? port = null)
    {
        var executable = Path.Combine(RepoPaths.WebOutput, OperatingSystem.IsWindows() ? "BrokerConsole.Web.exe" : "BrokerConsole.Web");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Build the Web app first: {executable} is missing.");
        }

        var baseUrl = new Uri($"http://127.0.0.1:{port ?? FreePort()}");
        var ownsDataDirectory = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "brokerconsole-browser", Guid.NewGuid().ToString("N"));
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
        // Browser tests sign in and register many times a minute from 127.0.0.1.
        start.Environment["Identity__RateLimits__SignInPerMinute"] = "100000";
        start.Environment["Identity__RateLimits__RegisterPerMinute"] = "100000";
        start.Environment["Identity__RateLimits__TwoFactorPerMinute"] = "100000";
        foreach (var (key, value) in environment?.Invoke(baseUrl) ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the Web app.");
        var app = new RunningApp(process, baseUrl, dataDirectory, ownsDataDirectory);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
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
        if (!_ownsDataDirectory)
        {
            return;
        }

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
            foreach (var waiter in _waiters.Where(w => line.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult();
            }
        }
    }

    /// <summary>Waits until the app writes a line containing <paramref name="text"/> from now on (on the line, not by polling).</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan guard)
    {
        var waiter = (Text: text, Seen: new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_output)
        {
            _waiters.Add(waiter);
        }

        try
        {
            await waiter.Seen.Task.WaitAsync(guard);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The app wrote no line with '{text}' within {guard.TotalSeconds:0} s:\n{Output}");
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

    /// <summary>A loopback port free right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
