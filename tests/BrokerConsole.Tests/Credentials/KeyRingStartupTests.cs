using System.Net;
using BrokerConsole.Core.Credentials.KeyRing;
using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Credentials;

/// <summary>
/// Issue 18 §3: the key ring is part of the data. A restart after the keys folder was deleted, replaced or
/// damaged refuses to start with one message (or starts with DataProtection:AcceptNewKeyRing=true), and the
/// sign-in page never answers 500 because of the ring.
/// </summary>
public sealed class KeyRingStartupTests : IDisposable
{
    private readonly string _data = TestApp.NewDataDirectory();

    public void Dispose() => TestFolders.Delete(_data);

    private async Task StoreSecretThenStopAsync()
    {
        await using var first = KeyRingApps.Over(_data);
        await first.StoreAccountWithSecretAsync();
        Assert.NotEmpty(Directory.EnumerateFiles(first.KeysDirectory, "key-*.xml"));
    }

    private static async Task<KeyRingRefusedException> RefusedAsync(TestApp app)
    {
        var thrown = await Record.ExceptionAsync(app.StoreAccountWithSecretAsync);
        Assert.NotNull(thrown);
        for (var e = thrown; e is not null; e = e.InnerException)
        {
            if (e is KeyRingRefusedException refused)
            {
                return refused;
            }
        }

        throw new Xunit.Sdk.XunitException($"Expected the start to be refused for the key ring, got: {thrown}");
    }

    [Fact]
    public async Task Deleted_keys_folder_with_stored_secrets_refuses_to_start_with_one_clear_message()
    {
        await StoreSecretThenStopAsync();
        var keys = Path.Combine(_data, "keys");
        Directory.Delete(keys, recursive: true);

        await using var restarted = KeyRingApps.Over(_data);
        var refused = await RefusedAsync(restarted);

        Assert.StartsWith("BrokerConsole will not start", refused.Message, StringComparison.Ordinal);
        Assert.Contains("deleted or replaced", refused.Message, StringComparison.Ordinal);
        Assert.Contains("no key in the Data Protection key ring in " + keys, refused.Message, StringComparison.Ordinal);
        Assert.Contains("Restore the keys folder from your backup", refused.Message, StringComparison.Ordinal);
        Assert.Contains("DataProtection:AcceptNewKeyRing=true", refused.Message, StringComparison.Ordinal);
        Assert.Contains(restarted.Logs.Lines, l => l.StartsWith("Critical", StringComparison.Ordinal) && l.Contains("deleted or replaced", StringComparison.Ordinal));
        // Refused before anything was written: no new key sits in the folder to confuse a restore.
        Assert.Empty(Directory.Exists(keys) ? Directory.EnumerateFiles(keys) : []);
    }

    [Fact]
    public async Task Replaced_keys_folder_refuses_to_start_too()
    {
        await StoreSecretThenStopAsync();
        // Another installation's ring: valid keys, none of them the one that wrote the secrets.
        var other = TestApp.NewDataDirectory();
        try
        {
            await using (var stranger = KeyRingApps.Over(other))
            {
                await stranger.StoreAccountWithSecretAsync();
            }

            var keys = Path.Combine(_data, "keys");
            Directory.Delete(keys, recursive: true);
            Directory.CreateDirectory(keys);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(other, "keys")))
            {
                File.Copy(file, Path.Combine(keys, Path.GetFileName(file)));
            }

            await using var restarted = KeyRingApps.Over(_data);
            var refused = await RefusedAsync(restarted);
            Assert.Contains("1 key(s) there now", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            TestFolders.Delete(other);
        }
    }

    [Fact]
    public async Task Deleted_keys_folder_with_the_flag_starts_and_health_says_the_stored_secrets_are_unreadable()
    {
        await StoreSecretThenStopAsync();
        Directory.Delete(Path.Combine(_data, "keys"), recursive: true);

        await using var restarted = KeyRingApps.Over(_data, acceptNewKeyRing: true);
        await restarted.StoreAccountWithSecretAsync();
        using var client = restarted.CreateClient();
        using var signIn = await client.GetAsync(new Uri("/account/login", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains(restarted.Logs.Lines, l => l.Contains("Starting anyway because DataProtection:AcceptNewKeyRing=true", StringComparison.Ordinal));
        // The secret written since reads; the old one's key is gone until it is entered again, and health says so.
        var health = await restarted.HealthAsync();
        Assert.Equal("Degraded", health.KeyRing?.Status);
        Assert.Contains("1 of 2 stored secrets were written with keys that are no longer in the keys folder", health.KeyRing!.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_with_the_keys_in_place_starts_quietly()
    {
        await StoreSecretThenStopAsync();

        await using var restarted = KeyRingApps.Over(_data);
        await restarted.StoreAccountWithSecretAsync();

        Assert.DoesNotContain(restarted.Logs.Lines, l => l.Contains(nameof(KeyRingStartupCheck), StringComparison.Ordinal));
        Assert.Equal("Healthy", (await restarted.HealthAsync()).KeyRing?.Status);
    }

    [Fact]
    public async Task Damaged_key_file_refuses_to_start_and_names_the_file()
    {
        await StoreSecretThenStopAsync();
        var file = Damage();

        await using var restarted = KeyRingApps.Over(_data);
        var refused = await RefusedAsync(restarted);

        Assert.Contains("is damaged", refused.Message, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(file), refused.Message, StringComparison.Ordinal);
        Assert.Contains("DataProtection:AcceptNewKeyRing=true", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Damaged_key_file_forced_with_the_flag_shows_a_readable_page_on_sign_in_not_a_500()
    {
        await StoreSecretThenStopAsync();
        Damage();

        await using var restarted = KeyRingApps.Over(_data, acceptNewKeyRing: true);
        using var client = restarted.CreateClient();
        using var signIn = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        var page = await signIn.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, signIn.StatusCode);
        Assert.Contains("cannot use its encryption key ring", page, StringComparison.Ordinal);
        Assert.Contains("Restore the <code>keys</code> folder from the backup", page, StringComparison.Ordinal);
        Assert.DoesNotContain(_data, page, StringComparison.Ordinal);
        var health = await restarted.HealthAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.HttpStatus);
        Assert.Equal("Unhealthy", health.KeyRing?.Status);
    }

    /// <summary>Cuts the key file in half: no longer well-formed XML, as after a crash mid-write or a bad copy.</summary>
    private string Damage()
    {
        var file = Directory.EnumerateFiles(Path.Combine(_data, "keys"), "key-*.xml").Single();
        var text = File.ReadAllText(file);
        File.WriteAllText(file, text[..(text.Length / 2)]);
        return file;
    }
}
