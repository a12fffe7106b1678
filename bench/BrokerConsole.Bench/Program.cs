using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BrokerConsole.Benchmarks;
using BrokerConsole.Core;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Core.Sessions.Monitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// dotnet run -c Release --project bench/BrokerConsole.Bench -- sweep --accounts 100,1000,5000
// One sweep of N seeded sessions against the Kite sandbox hosted on loopback, at the default parallelism.
if (args.Length == 0 || args[0] != "sweep")
{
    Console.Error.WriteLine("usage: BrokerConsole.Bench sweep [--accounts 100,1000,5000] [--per-app 10] [--parallelism 8] [--all-changed]");
    return 2;
}

var sizes = new List<int> { 100, 1000, 5000 };
var perApp = 10;
int? parallelism = null;
var changed = false;
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--accounts":
            sizes = [.. args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
            break;
        case "--per-app":
            perApp = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--all-changed":
            changed = true;
            break;
        case "--parallelism":
            parallelism = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
    }
}

if (sizes.Any(n => n is < 1 or > 50_000) || perApp is < 1 or > 10)
{
    Console.Error.WriteLine("--accounts: 1..50000 each; --per-app: 1..10 (the sandbox allows 10 profile calls per second per api_key).");
    return 2;
}

Console.WriteLine($"BrokerConsole session sweep benchmark · {RuntimeLabel()}");
Console.WriteLine($"Accounts are spread over sandbox Kite apps, {perApp} per api_key: the sandbox enforces 10 req/s per api_key and the client");
Console.WriteLine("rate-limits per api_key too, so one key for all accounts would measure the limit, not the sweep.");
Console.WriteLine(changed
    ? "Seeded health: Unknown, so every result is a change: one write and one notifier publish per session (worst case)."
    : "Seeded health: Healthy, so a healthy result is unchanged and only its checked-time is stamped, in one batch (steady state).");
Console.WriteLine();
Console.WriteLine("accounts | apps | parallelism | wall time | checks/s | p50 check | p99 check | healthy | issues | peak WS (process) | managed alloc (sweep)");
foreach (var n in sizes)
{
    var result = await BenchRun.RunAsync(n, perApp, parallelism, changed);
    Console.WriteLine(result);
}

Console.WriteLine();
Console.WriteLine("Peak working set is of this whole process (sandbox + app services + seeding) and only grows across rows.");
return 0;

static string RuntimeLabel() =>
    $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

internal static class BenchRun
{
    private const string SandboxUser = "BU0001";
    private const string TotpSecret = "JBSWY3DPEHPK3PXP";

    public static async Task<string> RunAsync(int accounts, int perApp, int? parallelism, bool allChanged)
    {
        var apps = (accounts + perApp - 1) / perApp;
        var dataDirectory = Path.Combine(Path.GetTempPath(), "brokerconsole-bench", Guid.NewGuid().ToString("N"));
        try
        {
            await using var sandbox = await StartSandboxAsync(apps);
            var sandboxRoot = sandbox.SandboxRoot;
            using var host = BuildAppHost(dataDirectory, sandboxRoot, parallelism);
            await DatabaseInitializer.MigrateAsync(host.Services);
            await SeedAsync(host.Services, sandboxRoot, accounts, perApp, allChanged ? SessionHealth.Unknown : SessionHealth.Healthy);

            // Seeding used the apps' per-second windows; start the sweep from fresh ones.
            using (var http = new HttpClient())
            {
                (await http.PostAsJsonAsync(new Uri(sandboxRoot + "/__control/reset"), new { })).EnsureSuccessStatusCode();
            }

            await Task.Delay(1100);
            GC.Collect();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var sweeper = host.Services.GetRequiredService<ISessionSweeper>();
            var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SessionMonitorOptions>>().Value;
            var summary = await sweeper.SweepAsync();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            var seconds = summary.Duration.TotalSeconds;
            return string.Create(CultureInfo.InvariantCulture,
                $"{accounts,8} | {apps,4} | {options.MaxParallelism,11} | {seconds,7:0.00} s | {summary.BrokerCalls / seconds,8:0.0} | {summary.CheckP50.TotalMilliseconds,6:0.0} ms | {summary.CheckP99.TotalMilliseconds,6:0.0} ms | {summary.Healthy,7} | {summary.ConnectionIssues + summary.Errors + summary.Expired,6} | {peak / 1048576.0,13:0} MiB | {allocated / 1048576.0,10:0} MiB");
        }
        finally
        {
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static Task<KiteBenchHost> StartSandboxAsync(int apps)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sandbox:Enabled"] = "true",
            ["Sandbox:Kite:Users:0:UserId"] = SandboxUser,
            ["Sandbox:Kite:Users:0:Password"] = "bench-pass-1",
            ["Sandbox:Kite:Users:0:TotpSecret"] = TotpSecret,
            ["Sandbox:Kite:Users:0:UserName"] = "Bench Trader",
            ["Sandbox:Kite:Users:0:Email"] = "bench@example.test",
        };
        for (var i = 0; i < apps; i++)
        {
            KiteBenchHost.AddApp(settings, i, i);
        }

        return KiteBenchHost.StartSandboxAsync(settings);
    }

    private static IHost BuildAppHost(string dataDirectory, string sandboxRoot, int? parallelism)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = "Production",
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = true,
        });
        var settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["Brokers:Zerodha:SandboxApiRoot"] = sandboxRoot,
            ["Brokers:Zerodha:SandboxLoginUrl"] = sandboxRoot + "/connect/login",
            ["Sessions:Monitor:Enabled"] = "false", // the bench calls the sweeper itself, once
        };
        BenchStorage.UsePostgresIfAsked(settings);
        if (parallelism is { } p)
        {
            settings["Sessions:Monitor:MaxParallelism"] = p.ToString(CultureInfo.InvariantCulture);
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("BrokerConsole.Core.Sessions.Monitoring", LogLevel.Information);
        builder.AddBrokerConsoleCore();
        return builder.Build();
    }

    /// <summary>
    /// Users, accounts and live sandbox sessions, written straight to the database. One user per account: every account logs in
    /// as the one sandbox user, and an owner may hold a broker client id only once (duplicate accounts are refused).
    /// </summary>
    private static async Task SeedAsync(IServiceProvider services, string sandboxRoot, int accounts, int perApp, SessionHealth seededHealth)
    {
        using var http = new HttpClient { BaseAddress = new Uri(sandboxRoot + "/") };
        var tokens = new string[accounts];
        var apps = (accounts + perApp - 1) / perApp;
        // Apps in parallel, each app's exchanges in sequence: at most perApp (<= 10) per api_key, inside its per-second window.
        await Parallel.ForEachAsync(Enumerable.Range(0, apps), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (app, ct) =>
        {
            for (var k = 0; k < perApp && app * perApp + k < accounts; k++)
            {
                tokens[app * perApp + k] = await LoginAsync(http, ApiKey(app), ApiSecret(app), ct);
            }
        });

        var protector = services.GetRequiredService<ISecretProtector>();
        var now = DateTimeOffset.UtcNow;
        await using var db = await services.GetRequiredService<IDbContextFactory<BrokerConsoleDbContext>>().CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var users = Enumerable.Range(0, accounts).Select(u => new ApplicationUser
        {
            Id = Guid.NewGuid().ToString(),
            UserName = $"bench{u}@example.test",
            NormalizedUserName = $"BENCH{u}@EXAMPLE.TEST",
            Email = $"bench{u}@example.test",
            NormalizedEmail = $"BENCH{u}@EXAMPLE.TEST",
            SecurityStamp = Guid.NewGuid().ToString(),
        }).ToList();
        db.Users.AddRange(users);
        for (var i = 0; i < accounts; i++)
        {
            var account = new BrokerAccount
            {
                Id = Guid.NewGuid(),
                OwnerId = users[i].Id,
                Broker = BrokerKind.Zerodha,
                DisplayName = $"Bench {i}",
                ClientId = SandboxUser,
                Environment = AccountEnvironment.Sandbox,
                ApiKey = ApiKey(i / perApp),
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.BrokerAccounts.Add(account);
            db.BrokerSessions.Add(new BrokerSession
            {
                Id = Guid.NewGuid(),
                AccountId = account.Id,
                OwnerId = account.OwnerId,
                Broker = BrokerKind.Zerodha,
                Status = SessionStatus.Active,
                AccessTokenCiphertext = protector.Protect(account.Id, SecretKind.SessionToken, tokens[i]),
                BrokerUserId = SandboxUser,
                LoginTime = now,
                ExpiresAt = SessionExpiryRules.NextDailyFlush(now), // Kite's rule: the next 06:00 IST
                Health = seededHealth,
            });
        }

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
    }

    private static async Task<string> LoginAsync(HttpClient http, string apiKey, string apiSecret, CancellationToken cancellationToken)
    {
        using var issued = await http.PostAsJsonAsync("__control/request-token", new { api_key = apiKey, user_id = SandboxUser }, cancellationToken);
        issued.EnsureSuccessStatusCode();
        using var issuedJson = await JsonDocument.ParseAsync(await issued.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var requestToken = issuedJson.RootElement.GetProperty("data").GetProperty("request_token").GetString()!;
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey + requestToken + apiSecret)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "session/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["api_key"] = apiKey,
                ["request_token"] = requestToken,
                ["checksum"] = checksum,
            }),
        };
        request.Headers.Add("X-Kite-Version", "3");
        using var response = await http.SendAsync(request, cancellationToken);
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Sandbox login for {apiKey} failed: {(int)response.StatusCode} {json.RootElement}");
        }

        return json.RootElement.GetProperty("data").GetProperty("access_token").GetString()!;
    }

    private static string ApiKey(int app) => KiteBenchHost.ApiKey(app);

    private static string ApiSecret(int app) => KiteBenchHost.ApiSecret(app);
}
