using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.TestSupport;

/// <summary>
/// The one way to describe the in-process app a test needs: <c>AppFixture.Create().WithSandbox().WithClock(clock)
/// .WithSetting(key, value)</c>, then <see cref="Build"/> (an xunit fixture starts it) or <see cref="StartAsync"/>. A class
/// that shares one app names its recipe with <see cref="IAppRecipe"/> and takes <see cref="SharedApp{TRecipe}"/>.
/// </summary>
public sealed class AppFixture
{
    private readonly List<(string Key, Func<TestApp, string?> Value)> _settings = [];
    private readonly List<Action<TestApp, IServiceCollection>> _services = [];

    private AppFixture()
    {
    }

    public static AppFixture Create() => new();

    internal IReadOnlyList<(string Key, Func<TestApp, string?> Value)> Settings => _settings;

    internal IReadOnlyList<Action<TestApp, IServiceCollection>> Services => _services;

    internal SandboxRecipe? Sandbox { get; private set; }

    internal TimeProvider? Clock { get; private set; }

    internal string? DataDirectory { get; private set; }

    internal string Environment { get; private set; } = "Testing";

    /// <summary>Set by <see cref="OnPostgres"/>: the app stores in PostgreSQL; null keeps SQLite.</summary>
    internal PostgresTarget? Postgres { get; private set; }

    /// <summary>
    /// A broker sandbox on loopback (all four brokers on one Kestrel host) that the app's clients reach over real HTTP, on
    /// one fake clock shared with the app unless <see cref="WithClock"/> says otherwise. The app's own built-in sandbox is off.
    /// </summary>
    public AppFixture WithSandbox(Action<IDictionary<string, string?>>? seed = null, Action<IServiceCollection>? services = null)
    {
        Sandbox = new SandboxRecipe(Sandbox?.Seed + seed, Sandbox?.Services + services);
        return WithSetting("Sandbox:Enabled", "false");
    }

    /// <summary>Points <paramref name="broker"/>'s client at the hosted sandbox (needs <see cref="WithSandbox"/>).</summary>
    public AppFixture WithSandboxBroker(BrokerKind broker)
    {
        foreach (var (key, path) in SandboxRoutes.For(broker))
        {
            WithSetting(key, app => app.SandboxRoot + path);
        }

        return this;
    }

    /// <summary>The app's <see cref="TimeProvider"/>; without it a sandboxed app runs on the sandbox's fake clock.</summary>
    public AppFixture WithClock(TimeProvider clock)
    {
        Clock = clock;
        return this;
    }

    public AppFixture WithSetting(string key, string? value) => WithSetting(key, _ => value);

    /// <summary>A setting known once the app exists, e.g. the sandbox's address.</summary>
    public AppFixture WithSetting(string key, Func<TestApp, string?> value)
    {
        _settings.Add((key, value));
        return this;
    }

    /// <summary>Registrations that win over the app's own (run after them).</summary>
    public AppFixture WithServices(Action<IServiceCollection> services) => WithServices((_, s) => services(s));

    public AppFixture WithServices(Action<TestApp, IServiceCollection> services)
    {
        _services.Add(services);
        return this;
    }

    /// <summary>
    /// A second node of <paramref name="first"/>'s installation: its clock, its data folder (the key ring) and its sandbox
    /// for <paramref name="broker"/>, so a token issued through one node is good on the other.
    /// </summary>
    public AppFixture AsSecondNodeOf(TestApp first, BrokerKind broker)
    {
        ArgumentNullException.ThrowIfNull(first);
        WithClock(first.Clock).WithDataDirectory(first.DataDirectory);
        foreach (var (key, path) in SandboxRoutes.For(broker))
        {
            WithSetting(key, _ => first.SandboxRoot + path);
        }

        return this;
    }

    /// <summary>Runs over an existing data folder (a restart, a seeded database); the caller deletes it.</summary>
    public AppFixture WithDataDirectory(string dataDirectory)
    {
        DataDirectory = dataDirectory;
        return this;
    }

    /// <summary>
    /// Stores in PostgreSQL (<c>Storage:Provider=PostgreSQL</c>) on the run's throw-away cluster (<see cref="PostgresCluster"/>):
    /// a fresh database of its own, or <paramref name="sharedConnectionString"/> so two apps race on one database (the
    /// caller creates and drops that one).
    /// </summary>
    public AppFixture OnPostgres(string? sharedConnectionString = null)
    {
        Postgres = new PostgresTarget(sharedConnectionString);
        return this;
    }

    public AppFixture WithEnvironment(string environment)
    {
        Environment = environment;
        return this;
    }

    /// <summary>The app, not yet started: an xunit fixture's <c>InitializeAsync</c> or <see cref="TestApp.StartSandboxAsync"/> starts its sandbox.</summary>
    public TestApp Build() => new(this);

    /// <summary>The app with its sandbox (if any) running; the host itself starts on first use.</summary>
    public async Task<TestApp> StartAsync()
    {
        var app = Build();
        await app.StartSandboxAsync();
        return app;
    }

    internal sealed record PostgresTarget(string? SharedConnectionString);

    internal sealed record SandboxRecipe(Action<IDictionary<string, string?>>? Seed, Action<IServiceCollection>? Services);
}

/// <summary>A named app description, so test classes can share one host: <c>IClassFixture&lt;SharedApp&lt;TRecipe&gt;&gt;</c>.</summary>
public interface IAppRecipe
{
    static abstract AppFixture Recipe();
}

/// <summary>One app per test class (or collection), built from <typeparamref name="TRecipe"/>.</summary>
public sealed class SharedApp<TRecipe>() : TestApp(TRecipe.Recipe())
    where TRecipe : IAppRecipe;

/// <summary>Where each broker's client finds its part of the hosted sandbox: the broker module's own routes.</summary>
internal static class SandboxRoutes
{
    // The modules as the app registers them; only their static route lists are read, so no option needs a value.
    private static readonly Lazy<IBrokerModules> _modules = new(() => new ServiceCollection()
        .AddLogging()
        .AddBrokerClients(new ConfigurationBuilder().Build())
        .BuildServiceProvider()
        .GetRequiredService<IBrokerModules>());

    public static IEnumerable<(string Key, string Path)> For(BrokerKind broker) =>
        _modules.Value.For(broker).SandboxRoutes.Select(r => (r.Setting, r.Path));
}
