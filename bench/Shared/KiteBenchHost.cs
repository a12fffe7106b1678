using System.Globalization;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using BrokerConsole.Core;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Benchmarks;

/// <summary>
/// The process every benchmark measures in: the Kite sandbox (and, for the app-level benchmarks, the app's Core
/// services with a migrated SQLite file and one signed-in bench user) on a real loopback port. Shared so that each
/// benchmark's Program.cs holds only what it measures.
/// </summary>
internal sealed class KiteBenchHost : IAsyncDisposable
{
    private const string RedirectUrl = "http://localhost/connect/zerodha/callback";

    private readonly string? _dataDirectory;

    private KiteBenchHost(WebApplication app, string? dataDirectory, string userId)
    {
        App = app;
        _dataDirectory = dataDirectory;
        UserId = userId;
        SandboxRoot = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First().TrimEnd('/') + "/sandbox/kite";
    }

    public WebApplication App { get; }

    /// <summary>The Kite sandbox's API root on the loopback port, e.g. <c>http://127.0.0.1:41234/sandbox/kite</c>.</summary>
    public string SandboxRoot { get; }

    /// <summary>The Identity user that owns every account the benchmark creates (empty for a sandbox-only host).</summary>
    public string UserId { get; }

    public static string ApiKey(int app) => string.Create(CultureInfo.InvariantCulture, $"benchapp{app:0000}");

    public static string ApiSecret(int app) => string.Create(CultureInfo.InvariantCulture, $"benchsecret{app:0000}");

    public static string KiteUserId(int user) => string.Create(CultureInfo.InvariantCulture, $"BU{user:0000}");

    /// <summary>Settings for <paramref name="count"/> sandbox Kite apps, each with its own user (one account per app).</summary>
    public static Dictionary<string, string?> AppPerUserSettings(int count, string dataDirectory)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sandbox:Enabled"] = "true",
            ["Storage:DataDirectory"] = dataDirectory,
            ["Brokers:Zerodha:ReadRetryCount"] = "0",
        };
        for (var i = 0; i < count; i++)
        {
            AddApp(settings, i, i);
            settings[$"Sandbox:Kite:Users:{i}:UserId"] = KiteUserId(i);
            settings[$"Sandbox:Kite:Users:{i}:Password"] = "bench-pass";
            settings[$"Sandbox:Kite:Users:{i}:TotpSecret"] = "JBSWY3DPEHPK3PXP";
            settings[$"Sandbox:Kite:Users:{i}:UserName"] = $"Bench Trader {i}";
        }

        return settings;
    }

    public static void AddApp(IDictionary<string, string?> settings, int slot, int app)
    {
        settings[$"Sandbox:Kite:Apps:{slot}:ApiKey"] = ApiKey(app);
        settings[$"Sandbox:Kite:Apps:{slot}:ApiSecret"] = ApiSecret(app);
        settings[$"Sandbox:Kite:Apps:{slot}:RedirectUrl"] = RedirectUrl;
    }

    /// <summary>The Kite sandbox alone: for benchmarks that drive the client directly.</summary>
    public static async Task<KiteBenchHost> StartSandboxAsync(IDictionary<string, string?> settings)
    {
        var app = Build(settings, withCore: false, configure: null);
        app.MapBrokerSandbox();
        await app.StartAsync();
        return new KiteBenchHost(app, dataDirectory: null, userId: "");
    }

    /// <summary>
    /// The sandbox plus the app's Core services over a migrated SQLite file in <c>Storage:DataDirectory</c>, with one
    /// bench user. <paramref name="beforeMap"/> can add middleware (e.g. a request counter) ahead of the sandbox.
    /// </summary>
    public static async Task<KiteBenchHost> StartAppAsync(
        IDictionary<string, string?> settings,
        Action<WebApplicationBuilder>? configure = null,
        Action<WebApplication>? beforeMap = null)
    {
        var app = Build(settings, withCore: true, configure);
        beforeMap?.Invoke(app);
        app.MapBrokerSandbox();
        await app.StartAsync();

        var root = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First().TrimEnd('/') + "/sandbox/kite";
        // The options were bound before the port was known; set the sandbox URLs now (nothing has read them yet).
        var zerodha = app.Services.GetRequiredService<IOptions<Core.Brokers.Zerodha.ZerodhaOptions>>().Value;
        zerodha.SandboxApiRoot = new Uri(root);
        zerodha.SandboxLoginUrl = new Uri(root + "/connect/login");

        await DatabaseInitializer.MigrateAsync(app.Services);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync();
        var user = new ApplicationUser { UserName = "bench@example.com", Email = "bench@example.com", NormalizedUserName = "BENCH@EXAMPLE.COM", NormalizedEmail = "BENCH@EXAMPLE.COM" };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return new KiteBenchHost(app, settings["Storage:DataDirectory"], user.Id);
    }

    /// <summary>A service scope acting as the bench user, as a signed-in circuit would.</summary>
    public AsyncServiceScope NewScope()
    {
        var scope = App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, UserId), new Claim(ClaimTypes.Name, "bench")], "Bench")));
        return scope;
    }

    /// <summary>
    /// Registers account i against app i / user i and logs it in through the app's real popup-login path: the state
    /// comes from <see cref="ISessionLogins.BeginPopupLoginAsync"/>, the sandbox's control surface issues the
    /// request_token a completed login form would, and the checksum exchange is real.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> CreateConnectedAccountsAsync(int count)
    {
        var ids = new List<Guid>(count);
        using var http = new HttpClient { BaseAddress = new Uri(SandboxRoot + "/") };
        await using var scope = NewScope();
        var accounts = scope.ServiceProvider.GetRequiredService<IAccountService>();
        var sessions = scope.ServiceProvider.GetRequiredService<ISessionService>();
        for (var i = 0; i < count; i++)
        {
            var account = await accounts.CreateAsync(new AccountDraft
            {
                Broker = BrokerKind.Zerodha,
                DisplayName = string.Create(CultureInfo.InvariantCulture, $"Account {i + 1:D3}"),
                ClientId = KiteUserId(i),
                Environment = AccountEnvironment.Sandbox,
                ApiKey = ApiKey(i),
                ApiSecret = ApiSecret(i),
                RedirectUrl = RedirectUrl,
            });
            var login = await sessions.BeginPopupLoginAsync(account.Id);
            var state = QueryHelpers.ParseQuery(QueryHelpers.ParseQuery(login.Query)["redirect_params"].ToString())["state"].ToString();
            using var tokenResponse = await http.PostAsJsonAsync("__control/request-token", new { api_key = ApiKey(i), user_id = KiteUserId(i) });
            var requestToken = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").GetProperty("request_token").GetString();
            var result = await sessions.CompletePopupLoginAsync(BrokerKind.Zerodha, new PopupCallback(state, true, requestToken));
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Login of account {i} failed: {result.Message}");
            }

            ids.Add(account.Id);
        }

        return ids;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (_dataDirectory is not null)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; the figures are already printed.
            }
        }
    }

    private static WebApplication Build(IDictionary<string, string?> settings, bool withCore, Action<WebApplicationBuilder>? configure)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (withCore)
        {
            builder.AddBrokerConsoleCore();
        }

        builder.AddBrokerSandbox();
        configure?.Invoke(builder);
        return builder.Build();
    }
}
