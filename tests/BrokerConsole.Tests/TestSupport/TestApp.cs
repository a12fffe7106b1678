using System.Security.Claims;
using BrokerConsole.Core.Identity;
using BrokerConsole.Tests.Sandbox.Kite;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.TestSupport;

/// <summary>
/// The real Web app in-process with its own temporary data folder (SQLite file, key ring), so each app starts from an
/// empty, freshly migrated database. Described by an <see cref="AppFixture"/>; <c>new TestApp()</c> is the plain app.
/// </summary>
public class TestApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly AppFixture _recipe;
    private readonly bool _ownsDataDirectory;
    private KiteSandboxHost? _sandbox;
    private string? _ownedDatabase;

    public TestApp()
        : this(AppFixture.Create())
    {
    }

    internal TestApp(AppFixture recipe)
    {
        _recipe = recipe;
        _ownsDataDirectory = recipe.DataDirectory is null;
        DataDirectory = recipe.DataDirectory ?? NewDataDirectory();
    }

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "brokerconsole-tests", Guid.NewGuid().ToString("N"));

    public string DataDirectory { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>The PostgreSQL connection string of an app described with <see cref="AppFixture.OnPostgres"/>; null on SQLite.</summary>
    public string? PostgresConnectionString { get; private set; }

    /// <summary>The hosted broker sandbox (<see cref="AppFixture.WithSandbox"/>).</summary>
    public KiteSandboxHost Sandbox => _sandbox ?? throw new InvalidOperationException("This app has no sandbox: describe it with AppFixture.WithSandbox() and start it.");

    /// <summary>e.g. <c>http://127.0.0.1:41234/sandbox</c>: each broker's sandbox lives below it.</summary>
    public string SandboxRoot => Sandbox.BaseUrl[..^"/kite".Length];

    /// <summary>The fake clock shared by the app and its sandbox.</summary>
    public FakeTimeProvider Clock => (_recipe.Clock ?? Sandbox.Clock) as FakeTimeProvider
        ?? throw new InvalidOperationException("This app's clock is not a FakeTimeProvider.");

    /// <summary>A service of the app's root provider, e.g. a test double the recipe registered.</summary>
    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Starts the sandbox the recipe asks for (once); the app host itself starts on first use.</summary>
    public async Task StartSandboxAsync()
    {
        if (_recipe.Sandbox is { } sandbox && _sandbox is null)
        {
            _sandbox = await KiteSandboxHost.StartAsync(sandbox.Seed, services: sandbox.Services);
        }
    }

    Task IAsyncLifetime.InitializeAsync() => StartSandboxAsync();

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
            _sandbox = null;
        }

        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment(_recipe.Environment);
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        if (_recipe.Postgres is { } postgres)
        {
            // The rows and the key ring go to PostgreSQL; the key ring needs its certificate there (a recipe may unset it).
            PostgresConnectionString ??= postgres.SharedConnectionString ?? (_ownedDatabase = PostgresCluster.CreateDatabase());
            builder.UseSetting("Storage:Provider", "PostgreSQL");
            builder.UseSetting("ConnectionStrings:BrokerConsole", PostgresConnectionString);
            builder.UseSetting("DataProtection:CertificatePath", KeyRingCertificates.Shared);
            builder.UseSetting("DataProtection:CertificatePassword", KeyRingCertificates.Password);
        }

        // In-process apps often run on a fake clock that tests move by hours: a background sweep firing
        // then would race the test. Fixtures that test the monitor run sweeps themselves.
        builder.UseSetting("Sessions:Monitor:Enabled", "false");
        // The same for the morning reminder: its tests call RunOnceAsync with the instants they need.
        builder.UseSetting("MorningReminder:Enabled", "false");
        // Test classes sign in, register and try bad keys many times from one (absent) address; the limits' own tests
        // (SignInRateLimitTests) set low ones in their recipe, which comes after these.
        foreach (var limit in new[] { "SignInPerMinute", "RegisterPerMinute", "TwoFactorPerMinute", "UnknownApiKeysPerMinute" })
        {
            builder.UseSetting("Identity:RateLimits:" + limit, "100000");
        }

        // Tests make a user each; outside Development the default would ask all but the first for an invite.
        // RegistrationModeTests set the other modes in their recipes.
        builder.UseSetting("Identity:Registration", "Open");

        foreach (var (key, value) in _recipe.Settings)
        {
            builder.UseSetting(key, value(this));
        }

        builder.ConfigureServices(services =>
        {
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, TestPeer.Filter>();
            if (_recipe.Clock is { } clock)
            {
                services.AddSingleton(clock);
            }
            else if (_sandbox?.Clock is { } sandboxClock)
            {
                services.AddSingleton<TimeProvider>(sandboxClock);
            }

            foreach (var configure in _recipe.Services)
            {
                configure(this, services);
            }
        });
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

    /// <summary>All bytes of the SQLite database, including the WAL and shared-memory files that hold recent writes (on PostgreSQL, every row as text).</summary>
    public byte[] ReadDatabaseBytes()
    {
        if (PostgresConnectionString is { } postgres)
        {
            // On PostgreSQL: every row of every table, as text.
            return System.Text.Encoding.UTF8.GetBytes(PostgresCluster.DumpText(postgres));
        }

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
        if (disposing && _ownedDatabase is not null)
        {
            PostgresCluster.DropDatabase(_ownedDatabase);
            _ownedDatabase = null;
        }

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
