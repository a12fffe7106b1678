using System.Text.Json;

namespace BrokerConsole.Tests.Sandbox.Kite;

/// <summary>The official kiteconnect-mocks (shared/reference/kite-mocks) as the yardstick for response shapes.</summary>
internal static class KiteMocks
{
    private static readonly Lazy<string> _folder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference", "kite-mocks");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("shared/reference/kite-mocks not found above " + AppContext.BaseDirectory);
    });

    public static JsonElement Data(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder.Value, file)));
        return document.RootElement.TryGetProperty("data", out var data) ? data.Clone() : document.RootElement.Clone();
    }

    /// <summary>Same property names at every object level (arrays compared through their first elements).</summary>
    public static void AssertSameKeys(JsonElement expected, JsonElement actual, string path = "$") =>
        Compare(expected, actual, path, exact: true);

    /// <summary>Every property the mock has is present (the sandbox may add newer optional ones like tags).</summary>
    public static void AssertHasKeys(JsonElement expected, JsonElement actual, string path = "$") =>
        Compare(expected, actual, path, exact: false);

    public static void AssertError(JsonElement body, string errorType, string message)
    {
        Assert.Equal("error", body.GetProperty("status").GetString());
        Assert.Equal(errorType, body.GetProperty("error_type").GetString());
        Assert.Equal(message, body.GetProperty("message").GetString());
    }

    private static void Compare(JsonElement expected, JsonElement actual, string path, bool exact)
    {
        if (expected.ValueKind == JsonValueKind.Object)
        {
            Assert.True(actual.ValueKind == JsonValueKind.Object, $"{path} should be an object but is {actual.ValueKind}");
            var want = expected.EnumerateObject().Select(p => p.Name).ToHashSet();
            var have = actual.EnumerateObject().Select(p => p.Name).ToHashSet();
            var missing = want.Except(have).ToList();
            Assert.True(missing.Count == 0, $"{path} misses {string.Join(", ", missing)}");
            if (exact)
            {
                var extra = have.Except(want).ToList();
                Assert.True(extra.Count == 0, $"{path} has unexpected {string.Join(", ", extra)}");
            }

            foreach (var property in expected.EnumerateObject().Where(p => p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array))
            {
                // Free-form objects (meta, authorisation) may legitimately differ.
                if (property.Name is not ("meta" or "authorisation") && actual.GetProperty(property.Name).ValueKind != JsonValueKind.Null)
                {
                    Compare(property.Value, actual.GetProperty(property.Name), $"{path}.{property.Name}", exact);
                }
            }
        }
        else if (expected.ValueKind == JsonValueKind.Array)
        {
            Assert.True(actual.ValueKind == JsonValueKind.Array, $"{path} should be an array but is {actual.ValueKind}");
            if (expected.GetArrayLength() > 0 && actual.GetArrayLength() > 0)
            {
                Compare(expected[0], actual[0], path + "[0]", exact);
            }
        }
    }
}
