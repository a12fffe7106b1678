using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace BrokerConsole.Tests.TestSupport;

/// <summary>
/// One throw-away PostgreSQL 15 server for the whole test run, started on first use and stopped when the test process
/// exits. <c>BROKERCONSOLE_TEST_POSTGRES</c> (a connection string whose user may CREATE DATABASE) points the tests at a
/// server of your own instead. Each app gets a fresh database (<see cref="CreateDatabase"/>), dropped when it is disposed.
/// </summary>
public static class PostgresCluster
{
    public const string ServerVariable = "BROKERCONSOLE_TEST_POSTGRES";
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private static readonly Lazy<string> _admin = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A new empty database with a random name; its connection string.</summary>
    public static string CreateDatabase()
    {
        var name = "bc_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(_admin.Value))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            command.ExecuteNonQuery();
        }

        // A small pool per database: many apps share one server, and a disposed app's idle connections are cleared.
        return new NpgsqlConnectionStringBuilder(_admin.Value) { Database = name, MaxPoolSize = 30 }.ConnectionString;
    }

    /// <summary>Closes the app's pooled connections and drops its database (best effort: the cluster goes at exit anyway).</summary>
    public static void DropDatabase(string connectionString)
    {
        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        try
        {
            using var connection = new NpgsqlConnection(_admin.Value);
            connection.Open();
            using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            command.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // Left for the cluster's removal at exit; a test must not fail on its clean-up.
        }
    }

    /// <summary>Every row of every table as text: what a stolen database would show (the secret-scanning tests read it).</summary>
    public static string DumpText(string connectionString)
    {
        var text = new System.Text.StringBuilder();
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        var tables = new List<string>();
        using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", connection))
        using (var reader = list.ExecuteReader())
        {
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            using var rows = new NpgsqlCommand($"SELECT CAST(t AS text) FROM \"{table}\" t", connection);
            using var reader = rows.ExecuteReader();
            while (reader.Read())
            {
                text.AppendLine(reader.GetString(0));
            }
        }

        return text.ToString();
    }

    private static string Start()
    {
        RemoveStoppedClusters();
        if (Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } given)
        {
            return given;
        }

        var initdb = Path.Combine(BinDirectory, "initdb");
        if (!File.Exists(initdb))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 is not installed ({initdb} is missing): run scripts/test.sh (it installs postgresql-15), " +
                $"`apt-get install postgresql-15`, or set {ServerVariable} to a server of your own.");
        }

        var folder = Path.Combine(Path.GetTempPath(), "brokerconsole-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var data = Path.Combine(folder, "data");
        // initdb and postgres refuse to run as root: as root, the cluster belongs to the postgres user.
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", ["postgres:postgres", folder]);
        }

        // Trust for loopback only (initdb's default pg_hba lists the local socket, 127.0.0.1/32 and ::1/128).
        Run(asRoot ? "runuser" : initdb, [.. asRoot ? new[] { "-u", "postgres", "--", initdb } : [], "-D", data, "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--locale=C", "--no-sync"]);
        var port = FreePort();
        var postgres = Path.Combine(BinDirectory, "postgres");
        string[] serverArgs = ["-D", data, "-p", port.ToString(CultureInfo.InvariantCulture), "-c", "listen_addresses=127.0.0.1",
            "-c", $"unix_socket_directories={folder}", "-c", "max_connections=400", "-c", "fsync=off", "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off", "-c", "shared_buffers=64MB"];
        // postgres runs under a shell that holds our stdin: when this process ends, however it ends, the pipe closes, cat
        // returns and the shell stops the server (fast shutdown). No cluster outlives the test run.
        const string Guard = "\"$0\" \"$@\" </dev/null & pg=$!; cat >/dev/null; kill -INT $pg; wait $pg";
        var start = new ProcessStartInfo(asRoot ? "runuser" : "/bin/sh")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in (asRoot ? new[] { "-u", "postgres", "--", "/bin/sh" } : []).Concat(["-c", Guard, postgres]).Concat(serverArgs))
        {
            start.ArgumentList.Add(arg);
        }

        var server = Process.Start(start) ?? throw new InvalidOperationException("postgres did not start.");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        server.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("postgres exited: " + string.Join('\n', log)));
                return;
            }

            log.Enqueue(e.Data);
            if (e.Data.Contains("ready to accept connections", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        server.BeginErrorReadLine();
        server.BeginOutputReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(server, folder);
        if (!ready.Task.Wait(TimeSpan.FromSeconds(60)))
        {
            Stop(server, folder);
            throw new InvalidOperationException("postgres did not become ready within 60 s: " + string.Join('\n', log));
        }

        return new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = port,
            Username = "postgres",
            Database = "postgres",
        }.ConnectionString;
    }

    /// <summary>Folders of earlier runs whose process was ended before it could clean up: stop what still runs, remove them.</summary>
    private static void RemoveStoppedClusters()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), "brokerconsole-pg-*"))
        {
            var data = Path.Combine(folder, "data");
            if (File.Exists(Path.Combine(data, "postmaster.pid")) && File.GetLastWriteTimeUtc(Path.Combine(data, "postmaster.pid")) > DateTime.UtcNow.AddHours(-6))
            {
                continue; // possibly another test run's live cluster
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static void Stop(Process server, string folder)
    {
        try
        {
            if (!server.HasExited)
            {
                // Closing the guard's stdin stops the server; the data is thrown away, so nothing more is needed.
                server.StandardInput.Close();
                server.WaitForExit(10_000);
            }

            Directory.Delete(folder, recursive: true);
        }
#pragma warning disable CA1031 // Best effort at process exit: a leftover temp folder is removed by the next run.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static void Run(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {error}{output.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
