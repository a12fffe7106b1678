using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Brokers.AngelOne;
using BrokerConsole.Core.Brokers.Dhan;
using BrokerConsole.Core.Brokers.Fyers;
using BrokerConsole.Core.Brokers.Http;
using BrokerConsole.Core.Brokers.Zerodha;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Tests.Sandbox.Kite;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Brokers.Conformance;

/// <summary>
/// All four sandboxes on real Kestrel (loopback) and the app's real broker registration talking to them over HTTP, with
/// a <see cref="WireClock"/> for pacing and backoff and a <see cref="RequestLog"/> of what left. Every sandbox app or user
/// here registers <see cref="RegisteredIp"/> as its static IP, so an order from loopback is refused by the static-IP rule.
/// One host serves the whole conformance class (an xunit class fixture; its tests run one at a time): each scenario starts
/// with <see cref="BeginScenarioAsync"/>, which gives it a clean request log, no queued fault and fresh rate windows.
/// </summary>
public sealed class BrokerConformanceHost : IAsyncLifetime
{
    public const string RegisteredIp = "203.0.113.7";

    private const string AngelKey = "confangel01";
    private const string AngelClient = "C1001";
    private const string AngelMpin = "2468";
    private const string FyersApp = "CONFFYAPP1-100";
    private const string FyersSecret = "conf-fyers-secret";
    private const string FyersUser = "FC0001";
    private const string FyersPin = "1357";
    private const string FyersRedirect = "http://localhost:5080/connect/fyers/callback";
    private const string DhanClientId = "1100000077";
    private const string DhanToken = "conf-dhan-token-0001";
    private const string Totp = "JBSWY3DPEHPK3PXP";

    private readonly Dictionary<BrokerKind, BrokerConnection> _sessions = [];
    private ServiceProvider _app = default!;

    public KiteSandboxHost Sandbox { get; private set; } = default!;

    public WireClock Clock { get; } = new();

    internal RequestLog Requests { get; } = new();

    /// <summary>e.g. <c>http://127.0.0.1:41234/sandbox</c>.</summary>
    private string Root => Sandbox.BaseUrl[..^"/kite".Length];

    public async Task InitializeAsync()
    {
        var sandbox = Sandbox = await KiteSandboxHost.StartAsync(s =>
        {
            s["Sandbox:Kite:Apps:0:AllowedOrderIps:0"] = RegisteredIp;
            s["Sandbox:Angel:Apps:0:ApiKey"] = AngelKey;
            s["Sandbox:Angel:Apps:0:AllowedOrderIps:0"] = RegisteredIp;
            s["Sandbox:Angel:Users:0:ClientCode"] = AngelClient;
            s["Sandbox:Angel:Users:0:Mpin"] = AngelMpin;
            s["Sandbox:Angel:Users:0:TotpSecret"] = Totp;
            s["Sandbox:Angel:Users:0:Name"] = "Conformance Angel";
            s["Sandbox:Fyers:Apps:0:AppId"] = FyersApp;
            s["Sandbox:Fyers:Apps:0:Secret"] = FyersSecret;
            s["Sandbox:Fyers:Apps:0:RedirectUrl"] = FyersRedirect;
            s["Sandbox:Fyers:Apps:0:AllowedOrderIps:0"] = RegisteredIp;
            s["Sandbox:Fyers:Users:0:FyId"] = FyersUser;
            s["Sandbox:Fyers:Users:0:Pin"] = FyersPin;
            s["Sandbox:Fyers:Users:0:TotpSecret"] = Totp;
            s["Sandbox:Fyers:Users:0:Name"] = "Conformance Fyers";
            s["Sandbox:Dhan:Users:0:ClientId"] = DhanClientId;
            s["Sandbox:Dhan:Users:0:Name"] = "Conformance Dhan";
            s["Sandbox:Dhan:Users:0:AccessToken"] = DhanToken;
            s["Sandbox:Dhan:Users:0:AllowedOrderIps:0"] = RegisteredIp;
        });
        var root = sandbox.BaseUrl[..^"/kite".Length];
        var settings = new Dictionary<string, string?>
        {
            ["Brokers:Zerodha:SandboxApiRoot"] = sandbox.BaseUrl,
            ["Brokers:Zerodha:SandboxLoginUrl"] = sandbox.BaseUrl + "/connect/login",
            ["Brokers:AngelOne:SandboxApiRoot"] = root + "/angel",
            ["Brokers:Fyers:SandboxApiRoot"] = root + "/fyers",
            ["Brokers:Dhan:SandboxApiRoot"] = root + "/dhan/v2",
            ["Brokers:Dhan:SandboxAuthRoot"] = root + "/dhan/auth",
        };
        foreach (var section in new[] { "Zerodha", "AngelOne", "Fyers", "Dhan" })
        {
            // Timeouts and limiter allowances far above any backoff, so the only short wait on the clock is the retry's.
            settings[$"Brokers:{section}:RequestTimeout"] = "00:01:00";
            settings[$"Brokers:{section}:RateLimitMaxWait"] = "00:00:30";
            settings[$"Brokers:{section}:ReadRetryCount"] = "2";
            settings[$"Brokers:{section}:ReadRetryBaseDelay"] = "00:00:00.200";
        }

        var host = this;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBrokerClients(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton(new BrokerWireClock(host.Clock));
        foreach (var name in new[] { KiteTransport.HttpClientName, AngelTransport.HttpClientName, FyersTransport.HttpClientName, DhanTransport.HttpClientName })
        {
            services.AddHttpClient(name).AddHttpMessageHandler(host.Requests.Handler);
        }

        host._app = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>
    /// A scenario's clean start on the shared host: no request counted yet, no fault left queued by the last scenario, no
    /// stale wait signal, and both clocks a minute on, so no rate window (the app's pacing or the sandbox's) still holds
    /// the last scenario's calls.
    /// </summary>
    public async Task BeginScenarioAsync()
    {
        foreach (var broker in new[] { BrokerKind.Zerodha, BrokerKind.AngelOne, BrokerKind.Fyers, BrokerKind.Dhan })
        {
            await DrainFaultsAsync(broker, OrderPath(broker));
            await DrainFaultsAsync(broker, ProfilePath(broker));
        }

        Requests.Clear();
        Clock.ForgetWaits();
        Clock.Advance(TimeSpan.FromMinutes(1));
        Sandbox.Clock!.Advance(TimeSpan.FromMinutes(1));
    }

    /// <summary>Logs in to <paramref name="broker"/>'s sandbox the way its users do (once per host) and returns the app's client for that session.</summary>
    public async Task<IBrokerClient> ConnectAsync(BrokerKind broker)
    {
        if (!_sessions.TryGetValue(broker, out var connection))
        {
            _sessions[broker] = connection = await LogInAsync(broker);
        }

        return _app.GetRequiredService<IBrokerClientFactory>().Create(connection);
    }

    private async Task<BrokerConnection> LogInAsync(BrokerKind broker) => broker switch
    {
        BrokerKind.Zerodha => new BrokerConnection(broker, AccountEnvironment.Sandbox, KiteSandboxHost.ApiKey, await Sandbox.LoginAsync()) { ClientId = KiteSandboxHost.UserId },
        BrokerKind.AngelOne => new BrokerConnection(broker, AccountEnvironment.Sandbox, AngelKey, await AngelLoginAsync()) { ClientId = AngelClient },
        BrokerKind.Fyers => new BrokerConnection(broker, AccountEnvironment.Sandbox, FyersApp, await FyersLoginAsync()) { ClientId = FyersUser },
        _ => new BrokerConnection(broker, AccountEnvironment.Sandbox, DhanClientId, DhanToken) { ClientId = DhanClientId },
    };

    /// <summary>
    /// Uses up what a scenario left queued on <paramref name="path"/> (e.g. the 503s meant for retries that, rightly, never
    /// came): faults answer before authentication, so an unauthenticated call takes one, until the broker's own answer shows.
    /// </summary>
    private async Task DrainFaultsAsync(BrokerKind broker, string path)
    {
        var root = Sandbox.BaseUrl[..^"/sandbox/kite".Length];
        var method = path == OrderPath(broker) ? HttpMethod.Post : HttpMethod.Get;
        for (var taken = 0; taken < 10; taken++)
        {
            using var request = new HttpRequestMessage(method, root + path) { Content = method == HttpMethod.Post ? new StringContent("{}", Encoding.UTF8, "application/json") : null };
            using var response = await Sandbox.Client.SendAsync(request);
            if ((int)response.StatusCode is not (503 or 429))
            {
                return;
            }
        }

        Assert.Fail($"Faults still queued on {path} after 10 calls.");
    }

    /// <summary>Queues <paramref name="count"/> failures with <paramref name="status"/> on <paramref name="path"/> in the broker's own error dialect.</summary>
    public async Task InjectAsync(BrokerKind broker, string path, int status, int? retryAfter = null, int count = 1)
    {
        var throttled = status == 429;
        var (control, fault) = broker switch
        {
            BrokerKind.Zerodha => ("/kite", (object)new { count, status, error_type = "NetworkException", message = throttled ? "Too many requests" : "Upstream down", path_prefix = path, retry_after = retryAfter }),
            BrokerKind.AngelOne => ("/angel", new { count, status, dialect = "envelope", error_code = throttled ? "AB1019" : "AB2001", message = throttled ? "Too many requests" : "Upstream down", path_prefix = path, retry_after = retryAfter }),
            BrokerKind.Fyers => ("/fyers", new { count, status, code = throttled ? -429 : -1, message = throttled ? "Too many requests" : "Upstream down", path_prefix = path, retry_after = retryAfter }),
            _ => ("/dhan", new { count, status, message = throttled ? "Too many requests" : "Upstream down", path_prefix = path, retry_after = retryAfter }),
        };
        using var response = await Sandbox.Client.PostAsync(Root + control + "/__control/faults",
            new StringContent(JsonSerializer.Serialize(fault), Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> AngelLoginAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Root + "/angel/rest/auth/angelbroking/user/v1/loginByPassword")
        {
            Content = JsonContent.Create(new { clientcode = AngelClient, password = AngelMpin, totp = TotpAt() }),
        };
        foreach (var (name, value) in new[] { ("X-UserType", "USER"), ("X-SourceID", "WEB"), ("X-PrivateKey", AngelKey), ("X-ClientLocalIP", "10.0.0.2"), ("X-ClientPublicIP", RegisteredIp), ("X-MACAddress", "00:00:00:00:00:00") })
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await Sandbox.Client.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("data").GetProperty("jwtToken").GetString()!.Replace("Bearer ", "", StringComparison.Ordinal);
    }

    private async Task<string> FyersLoginAsync()
    {
        var page = $"{Root}/fyers/api/v3/generate-authcode?client_id={FyersApp}&redirect_uri={Uri.EscapeDataString(FyersRedirect)}&response_type=code&state=s1";
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = FyersApp,
            ["state"] = "s1",
            ["fy_id"] = FyersUser,
            ["pin"] = FyersPin,
            ["totp"] = TotpAt(),
            ["action"] = "login",
        });
        using var redirect = await Sandbox.Client.PostAsync(page, form);
        var code = QueryHelpers.ParseQuery(redirect.Headers.Location!.Query)["auth_code"].ToString();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(FyersApp + ":" + FyersSecret)));
        using var validate = await Sandbox.Client.PostAsJsonAsync(Root + "/fyers/api/v3/validate-authcode", new { grant_type = "authorization_code", appIdHash = hash, code });
        var body = await validate.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("access_token").GetString()!;
    }

    private string TotpAt() => TotpSeed.Parse(Totp).CodeAt(Sandbox.Clock!.GetUtcNow()).Value;

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await Sandbox.DisposeAsync();
    }

    public static string ProfilePath(BrokerKind broker) => broker switch
    {
        BrokerKind.Zerodha => "/sandbox/kite/user/profile",
        BrokerKind.AngelOne => "/sandbox/angel/rest/secure/angelbroking/user/v1/getProfile",
        BrokerKind.Fyers => "/sandbox/fyers/api/v3/profile",
        _ => "/sandbox/dhan/v2/profile",
    };

    public static string OrderPath(BrokerKind broker) => broker switch
    {
        BrokerKind.Zerodha => "/sandbox/kite/orders/regular",
        BrokerKind.AngelOne => "/sandbox/angel/rest/secure/angelbroking/order/v1/placeOrder",
        BrokerKind.Fyers => "/sandbox/fyers/api/v3/orders/sync",
        _ => "/sandbox/dhan/v2/orders",
    };

    public static OrderRequest SampleOrder(BrokerKind broker) => new()
    {
        Exchange = "NSE",
        TradingSymbol = broker switch { BrokerKind.Zerodha => "INFY", BrokerKind.Dhan => "3045", _ => "SBIN-EQ" },
        Side = TransactionType.Buy,
        Quantity = 1,
        OrderType = OrderType.Limit,
        Product = ProductType.Cnc,
        Price = broker == BrokerKind.Zerodha ? 1000m : 700m,
        Tag = "conf1",
    };
}
