using System.Security.Claims;
using BrokerConsole.Core.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Tests.TestSupport;

/// <summary>
/// The real Web app in-process with its own temporary data folder (SQLite file, key ring), so each
/// test class starts from an empty, freshly migrated database.
/// </summary>
public class TestApp : WebApplicationFactory<Program>
{
    private readonly bool _ownsDataDirectory;

    public TestApp()
        : this(NewDataDirectory(), ownsDataDirectory: true)
    {
    }

    /// <summary>An app over a given data folder, e.g. a restart over another app's data; the caller deletes it unless owned.</summary>
    protected TestApp(string dataDirectory, bool ownsDataDirectory)
    {
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
    }

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "brokerconsole-tests", Guid.NewGuid().ToString("N"));

    public string DataDirectory { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>Service replacements a derived fixture wants (e.g. a fake clock); runs after the app's own registrations.</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    /// <summary>Extra configuration a derived fixture wants (e.g. sandbox settings).</summary>
    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        // In-process apps often run on a fake clock that tests move by hours: a background sweep firing
        // then would race the test. Fixtures that test the monitor run sweeps themselves.
        builder.UseSetting("Sessions:Monitor:Enabled", "false");
        // The same for the morning reminder: its tests call RunOnceAsync with the instants they need.
        builder.UseSetting("MorningReminder:Enabled", "false");
        foreach (var (key, value) in ExtraSettings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(ConfigureTestServices);
        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(Logs);
        });
    }

    /// <summary>Creates an Identity user directly (faster than the register form) and returns its id.</summary>
    public async Task<string> CreateUserAsync(string email, string password = "correct-horse-42")
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email };
        var result = await users.CreateAsync(user, password);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Description)));
        return user.Id;
    }

    /// <summary>A DI scope acting as <paramref name="userId"/>, the way a request or circuit of that user would.</summary>
    public AsyncServiceScope ScopeFor(string userId, string? userName = null)
    {
        var scope = Services.CreateAsyncScope();
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, userName ?? userId)],
            authenticationType: "Test");
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(new ClaimsPrincipal(identity));
        return scope;
    }

    /// <summary>All bytes of the SQLite database, including the WAL and shared-memory files that hold recent writes.</summary>
    public byte[] ReadDatabaseBytes()
    {
        var bytes = new List<byte>();
        foreach (var file in Directory.EnumerateFiles(DataDirectory, "brokerconsole.db*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            bytes.AddRange(memory.ToArray());
        }

        return [.. bytes];
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDataDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file briefly on some systems; the temp folder is cleaned eventually.
            }
        }
    }
}
