using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace BrokerConsole.Tests.TestSupport;

/// <summary>
/// Memory of another process, for measurements: its resident set from /proc (what an operator sees) and its live
/// managed heap after a full garbage collection, read with the repo's local dotnet-gcdump tool (which induces that
/// collection). The two answer different questions: the heap says what the process still holds, RSS what the GC has
/// not yet handed back to the operating system.
/// </summary>
public static partial class ProcessMemory
{
    /// <summary>VmRSS of <paramref name="processId"/> (Linux), in bytes.</summary>
    public static long ResidentBytes(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Live managed bytes of <paramref name="processId"/> after a full, blocking collection.</summary>
    public static async Task<long> LiveHeapBytesAsync(int processId)
    {
        var dump = Path.Combine(Path.GetTempPath(), $"brokerconsole-{processId}-{Guid.NewGuid():N}.gcdump");
        try
        {
            await RunToolAsync($"collect -p {processId} -o {dump}");
            var report = await RunToolAsync($"report {dump}");
            var heap = HeapLine().Match(report);
            Assert.True(heap.Success, $"dotnet-gcdump report had no heap size:{Environment.NewLine}{report}");
            return long.Parse(heap.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(dump);
        }
    }

    private static async Task<string> RunToolAsync(string arguments)
    {
        var start = new ProcessStartInfo("dotnet", $"tool run dotnet-gcdump {arguments}")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var tool = Process.Start(start)!;
        var output = tool.StandardOutput.ReadToEndAsync();
        var errors = tool.StandardError.ReadToEndAsync();
        await tool.WaitForExitAsync();
        Assert.True(tool.ExitCode == 0, $"dotnet-gcdump {arguments} exited {tool.ExitCode}: {await errors}{await output}");
        return await output;
    }

    [GeneratedRegex(@"^\s*([\d,]+)\s+GC Heap bytes", RegexOptions.Multiline)]
    private static partial Regex HeapLine();
}
