namespace BrokerConsole.Tests.TestSupport;

/// <summary>
/// Finds <c>shared/</c> (the read-only reference material kept beside the repository) by walking up
/// from the test binaries, so the tests work from any clone location, including a CI temp folder
/// with <c>shared/</c> beside the clone. <c>BROKERCONSOLE_SHARED</c> overrides the search.
/// </summary>
public static class SharedReference
{
    private static readonly Lazy<string> _root = new(Locate);

    /// <summary>The <c>shared</c> folder.</summary>
    public static string Root => _root.Value;

    /// <summary>The official Kite mock responses.</summary>
    public static string KiteMocksDirectory => Path.Combine(Root, "reference", "kite-mocks");

    /// <summary>The text of one Kite mock, e.g. <c>KiteMock("orders")</c> for <c>orders.json</c>.</summary>
    public static string KiteMock(string name) =>
        File.ReadAllText(Path.Combine(KiteMocksDirectory, name.EndsWith(".json", StringComparison.Ordinal) ? name : name + ".json"));

    private static string Locate()
    {
        var overridden = Environment.GetEnvironmentVariable("BROKERCONSOLE_SHARED");
        if (!string.IsNullOrEmpty(overridden) && Directory.Exists(Path.Combine(overridden, "reference", "kite-mocks")))
        {
            return Path.GetFullPath(overridden);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "reference", "kite-mocks")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            "Could not find shared/reference/kite-mocks in any folder above " + AppContext.BaseDirectory +
            ". Put shared/ beside the repository clone or set BROKERCONSOLE_SHARED.");
    }
}
