using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Faults;

/// <summary>
/// The out-of-process fault harness of issue #18: the BROKER is a second copy of the app (a child process running only
/// its Kite sandbox), a <see cref="FaultProxy"/> in this process sits between it and the APP under test, and the app
/// under test is itself a child process (<see cref="RunningApp"/>) that a test may kill -9 and start again over the same
/// data folder. Data is seeded in-process (<see cref="FaultSeeds"/>) before the app under test starts.
/// The broker's own order book, read with the harness's own Kite sessions, is what the tests assert on.
/// </summary>
public sealed class BrokerFaultHarness : IAsyncLifetime, IDisposable
{
    public const string OrdersPath = "/sandbox/kite/orders";
    public const string PlacePath = "/sandbox/kite/orders/regular";

    /// <summary>Sandbox demo Kite users (appsettings.Development.json): one account each.</summary>
    public static readonly string[] KiteUsers = ["DA1234", "DB5678", "DC1333", "DD1444"];

    /// <summary>
    /// Added to the client's 3 s timeout and 1 s rate-limit wait before an order that may have left can be re-sent.
    /// Short so the suite stays fast, long enough that a restart on a loaded CI machine reads the book before it passes.
    /// </summary>
    public static readonly TimeSpan ResendGrace = TimeSpan.FromSeconds(20);

    private readonly Dictionary<string, string> _brokerTokens = [];
    private readonly SemaphoreSlim _sharedGate = new(1, 1);
    private (RunningApp App, FaultSeed Seed)? _shared;
    private FaultSeed? _template;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public RunningApp Broker { get; private set; } = default!;

    public FaultProxy Proxy { get; private set; } = default!;

    public string BrokerKiteRoot => new Uri(Broker.BaseUrl, "/sandbox/kite").ToString();

    public async Task InitializeAsync()
    {
        Broker = await RunningApp.StartAsync(url => new Dictionary<string, string>(SandboxDemo.EnvironmentFor(url))
        {
            ["Scheduling__Enabled"] = "false",
            ["Sessions__Monitor__Enabled"] = "false",
        });
        Proxy = await FaultProxy.StartAsync(Broker.BaseUrl);
    }

    /// <summary>One app under test (child process) with one seeded account, started on first use and shared by the manual-order fault tests.</summary>
    public async Task<(RunningApp App, FaultSeed Seed)> SharedAppAsync()
    {
        if (_shared is null)
        {
            // Tests of one collection run one after another: no race on the first start.
            var seed = await SeedAsync();
            _shared = (await RunningApp.StartAsync(AppEnvironment, seed.DataDirectory), seed);
        }

        return _shared.Value;
    }

    public async Task DisposeAsync()
    {
        if (_shared is { } shared)
        {
            await File.WriteAllTextAsync(Path.Combine(RepoPaths.Artifacts, "faults-app.log"), shared.App.Output);
            await shared.App.DisposeAsync();
            TestFolders.Delete(shared.Seed.DataDirectory);
        }

        if (_template is not null)
        {
            TestFolders.Delete(_template.DataDirectory);
        }

        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        if (Broker is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(RepoPaths.Artifacts, "faults-broker.log"), Broker.Output);
            await Broker.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _sharedGate.Dispose();
    }

    /// <summary>Environment of the app under test: its Kite calls go through the proxy; the time rules are short (configuration, not sleeps).</summary>
    public IDictionary<string, string> AppEnvironment(Uri baseUrl) => new Dictionary<string, string>(SandboxDemo.EnvironmentFor(baseUrl))
    {
        ["Sandbox__Enabled"] = "false",
        ["Sessions__Monitor__Enabled"] = "false",
        ["Brokers__Zerodha__SandboxApiRoot"] = new Uri(Proxy.BaseUrl, "/sandbox/kite").ToString(),
        ["Brokers__Zerodha__SandboxLoginUrl"] = BrokerKiteRoot + "/connect/login",
        ["Brokers__Zerodha__RequestTimeout"] = "00:00:03",
        ["Brokers__Zerodha__RateLimitMaxWait"] = "00:00:01",
        ["Brokers__Zerodha__ReadRetryCount"] = "0",
        ["Orders__ResendGrace"] = ResendGrace.ToString("c", CultureInfo.InvariantCulture),
        ["Orders__ReadRetryInterval"] = "00:00:01",
        ["Scheduling__MaxSleep"] = "00:00:02",
        // Timestamps in the child's log (artifacts/faults-*.log) show where a slow run spent its time.
        ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
    };

    /// <summary>
    /// A fresh data folder with one user, one logged-in sandbox Kite account per <see cref="KiteUsers"/> entry, an API
    /// key and a disabled schedule (see <see cref="FaultSeeds.MakeDueAsync"/>). Seeded once through the app's own
    /// services, then copied (database and key ring) for each test: a copy is what a restart on the same files sees.
    /// </summary>
    public async Task<FaultSeed> SeedAsync()
    {
        await _sharedGate.WaitAsync();
        try
        {
            if (_template is null)
            {
                var data = TestApp.NewDataDirectory();
                await using var app = FaultSeeds.Over(data, BrokerKiteRoot);
                _template = await app.SeedAsync(KiteUsers, RequestTokenAsync);
            }
        }
        finally
        {
            _sharedGate.Release();
        }

        var copy = TestApp.NewDataDirectory();
        CopyFolder(_template.DataDirectory, copy);
        return _template with { DataDirectory = copy };
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.EnumerateDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }

    /// <summary>How many orders carry <paramref name="tag"/> in the broker's book of <paramref name="kiteUser"/>: the only count that matters.</summary>
    public async Task<int> CountAtBrokerAsync(string kiteUser, string tag) => (await TagCountsAtBrokerAsync(kiteUser)).GetValueOrDefault(tag);

    /// <summary>
    /// Every tag in the broker's book of <paramref name="kiteUser"/> with its number of orders, from one read. The broker
    /// copy enforces Kite's per-key read rate, which the app under test shares: a 429 is answered as a Kite client must,
    /// by waiting the Retry-After it names (bounded), not by failing the count.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int>> TagCountsAtBrokerAsync(string kiteUser)
    {
        var token = await BrokerTokenAsync(kiteUser);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, BrokerKiteRoot + "/orders");
            request.Headers.Add("X-Kite-Version", "3");
            request.Headers.TryAddWithoutValidation("Authorization", $"token {SandboxDemo.ApiKey}:{token}");
            using var response = await _http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 5)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }

            Assert.True(response.IsSuccessStatusCode, body);
            using var json = JsonDocument.Parse(body);
            return json.RootElement.GetProperty("data").EnumerateArray()
                .SelectMany(TagsOf)
                .GroupBy(t => t, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        }
    }

    // Kite puts the order's tag in "tag" and, for orders with several, in "tags"; one order counts once per tag.
    private static IEnumerable<string> TagsOf(JsonElement order)
    {
        var tags = new HashSet<string>(StringComparer.Ordinal);
        if (order.TryGetProperty("tag", out var t) && t.ValueKind == JsonValueKind.String)
        {
            tags.Add(t.GetString()!);
        }

        if (order.TryGetProperty("tags", out var ts) && ts.ValueKind == JsonValueKind.Array)
        {
            tags.UnionWith(ts.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!));
        }

        return tags;
    }

    /// <summary>A request token for a demo user, as if they had logged in on the broker's page (the sandbox's control surface).</summary>
    public async Task<string> RequestTokenAsync(string kiteUser)
    {
        using var response = await _http.PostAsJsonAsync(BrokerKiteRoot + "/__control/request-token", new { api_key = SandboxDemo.ApiKey, user_id = kiteUser });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("data").GetProperty("request_token").GetString()!;
    }

    /// <summary>The harness's own Kite session per user (the sandbox keeps sessions side by side), for reading the book.</summary>
    private async Task<string> BrokerTokenAsync(string kiteUser)
    {
        if (_brokerTokens.TryGetValue(kiteUser, out var cached))
        {
            return cached;
        }

        var requestToken = await RequestTokenAsync(kiteUser);
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(SandboxDemo.ApiKey + requestToken + SandboxDemo.ApiSecret)));
        using var request = new HttpRequestMessage(HttpMethod.Post, BrokerKiteRoot + "/session/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["api_key"] = SandboxDemo.ApiKey,
                ["request_token"] = requestToken,
                ["checksum"] = checksum,
            }),
        };
        request.Headers.Add("X-Kite-Version", "3");
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        var token = json.RootElement.GetProperty("data").GetProperty("access_token").GetString()!;
        _brokerTokens[kiteUser] = token;
        return token;
    }
}

/// <param name="DataDirectory">SQLite file and key ring the app under test starts on.</param>
/// <param name="UserId">The one BrokerConsole user.</param>
/// <param name="Email">Its sign-in e-mail.</param>
/// <param name="Password">Its password.</param>
/// <param name="ApiKey">The user's REST API key.</param>
/// <param name="AccountIds">One per Kite user, in <see cref="BrokerFaultHarness.KiteUsers"/> order.</param>
/// <param name="ScheduleId">A disabled schedule of two limit buys per account.</param>
public sealed record FaultSeed(string DataDirectory, string UserId, string Email, string Password, string ApiKey, IReadOnlyList<Guid> AccountIds, Guid ScheduleId);

/// <summary>
/// One broker process and one proxy for every out-of-process fault test, which run one after another: a proxy fault
/// armed by one test must never meet another test's request. The collection also runs alone, after the parallel ones:
/// the kill -9 test needs the restarted child to read the books well within its resend window (about 7 s of 24 here),
/// and two cores shared with browser tests could stretch a child's start past it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultSuite : ICollectionFixture<BrokerFaultHarness>
{
    public const string Name = "out-of-process faults";
}
