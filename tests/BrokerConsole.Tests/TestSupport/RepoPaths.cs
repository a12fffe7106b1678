namespace BrokerConsole.Tests.TestSupport;

/// <summary>Finds the repository (and the read-only <c>shared/</c> folder beside it) from the test's build output.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Where tests drop screenshots and logs worth keeping as CI artifacts.</summary>
    public static string Artifacts => Directory.CreateDirectory(Path.Combine(Root, "artifacts")).FullName;

    /// <summary>The build output of the Web app matching this test build (same configuration, framework and RID).</summary>
    public static string WebOutput
    {
        get
        {
            // e.g. <root>/tests/BrokerConsole.Tests/bin/Debug/net10.0/ → "Debug/net10.0"
            var testOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            var marker = $"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}";
            var suffix = testOutput[(testOutput.LastIndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
            return Path.Combine(Root, "src", "BrokerConsole.Web", "bin", suffix);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BrokerConsole.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("BrokerConsole.sln not found above " + AppContext.BaseDirectory);
    }
}
