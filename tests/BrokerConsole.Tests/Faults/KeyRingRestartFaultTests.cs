using BrokerConsole.Tests.Credentials;
using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Faults;

/// <summary>
/// Issue #18 §3 out of process: the app under test is restarted as a real process after its keys folder was deleted
/// or a key file damaged. It must not start on a new key ring silently (every stored secret lost) nor crash-loop with a
/// stack trace: it exits at once, non-zero, with the one message an operator needs. The in-process
/// <see cref="KeyRingStartupTests"/> cover the same rules in detail, and the sign-in page with the override flag.
/// </summary>
[Collection(FaultSuite.Name)]
public sealed class KeyRingRestartFaultTests(BrokerFaultHarness harness)
{
    private static readonly TimeSpan _guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Restart_after_the_keys_folder_was_deleted_exits_non_zero_with_what_happened_and_what_to_do()
    {
        var seed = await harness.SeedAsync();
        try
        {
            Directory.Delete(Path.Combine(seed.DataDirectory, "keys"), recursive: true);

            var (exitCode, output) = await RunningApp.RunUntilExitAsync(harness.AppEnvironment, seed.DataDirectory, _guard);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("BrokerConsole will not start", output, StringComparison.Ordinal);
            Assert.Contains("deleted or replaced", output, StringComparison.Ordinal);
            Assert.Contains("DataProtection:AcceptNewKeyRing=true", output, StringComparison.Ordinal);
            // Refused before a new ring was written: nothing in the folder confuses a restore from backup.
            var keys = Path.Combine(seed.DataDirectory, "keys");
            Assert.Empty(Directory.Exists(keys) ? Directory.EnumerateFiles(keys) : []);
            // No stored secret, token or the API key in what the operator reads.
            Assert.DoesNotContain(SandboxDemo.ApiSecret, output, StringComparison.Ordinal);
            Assert.DoesNotContain(seed.ApiKey, output, StringComparison.Ordinal);
        }
        finally
        {
            TestFolders.Delete(seed.DataDirectory);
        }
    }

    [Fact]
    public async Task Restart_with_a_damaged_key_file_exits_non_zero_naming_the_file_not_a_crash_loop()
    {
        var seed = await harness.SeedAsync();
        try
        {
            var file = Directory.EnumerateFiles(Path.Combine(seed.DataDirectory, "keys"), "key-*.xml").Single();
            var text = await File.ReadAllTextAsync(file);
            // Cut in half, as after a crash mid-write or a bad copy.
            await File.WriteAllTextAsync(file, text[..(text.Length / 2)]);

            var (exitCode, output) = await RunningApp.RunUntilExitAsync(harness.AppEnvironment, seed.DataDirectory, _guard);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("BrokerConsole will not start", output, StringComparison.Ordinal);
            Assert.Contains("is damaged", output, StringComparison.Ordinal);
            Assert.Contains(Path.GetFileName(file), output, StringComparison.Ordinal);
            // The damaged file is left as it was for the operator to compare with the backup.
            Assert.Equal(text[..(text.Length / 2)], await File.ReadAllTextAsync(file));
        }
        finally
        {
            TestFolders.Delete(seed.DataDirectory);
        }
    }
}
