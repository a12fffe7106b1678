using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Sandbox.Kite;

/// <summary>
/// The Kite sandbox alone on real Kestrel at 127.0.0.1:0 with a fake clock, plus a client that speaks the
/// wire protocol by hand (the tests are the client here, so they must not reuse sandbox code).
/// </summary>
public sealed class KiteSandboxHost : IAsyncDisposable
{
    public const string ApiKey = "testapp01";
    public const string ApiSecret = "testsecret01";
    public const string UserId = "TA1234";
    public const string Password = "pass-1234";
    public const string TotpSecret = "JBSWY3DPEHPK3PXP";
    public const string RedirectUrl = "http://localhost:5080/connect/zerodha/callback";

    /// <summary>Tuesday 2026-11-24 10:00 IST: market hours, well before the next 06:00 IST flush.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 4, 30, 0, TimeSpan.Zero);

    private readonly WebApplication _app;

    private KiteSandboxHost(WebApplication app, FakeTimeProvider? clock, HttpClient client, string baseUrl)
    {
        _app = app;
        Clock = clock;
        Client = client;
        BaseUrl = baseUrl;
    }

    /// <summary>Null when started on the system clock.</summary>
    public FakeTimeProvider? Clock { get; }

    public HttpClient Client { get; }

    /// <summary>e.g. <c>http://127.0.0.1:41234/sandbox/kite</c> (no trailing slash).</summary>
    public string BaseUrl { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="configure">Settings on top of the test app and user above.</param>
    /// <param name="systemClock">Run on the real clock instead of a fake one at <see cref="Start"/>.</param>
    /// <param name="services">Registrations that win over the sandbox's defaults (e.g. a fake <c>SandboxRateClock</c>).</param>
    public static async Task<KiteSandboxHost> StartAsync(Action<IDictionary<string, string?>>? configure = null, bool systemClock = false, Action<IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sandbox:Enabled"] = "true",
            ["Sandbox:Kite:Apps:0:ApiKey"] = ApiKey,
            ["Sandbox:Kite:Apps:0:ApiSecret"] = ApiSecret,
            ["Sandbox:Kite:Apps:0:RedirectUrl"] = RedirectUrl,
            ["Sandbox:Kite:Users:0:UserId"] = UserId,
            ["Sandbox:Kite:Users:0:Password"] = Password,
            ["Sandbox:Kite:Users:0:TotpSecret"] = TotpSecret,
            ["Sandbox:Kite:Users:0:UserName"] = "Test Trader",
            ["Sandbox:Kite:Users:0:Email"] = "ta1234@example.test",
            ["Sandbox:Kite:Users:0:OpeningBalance"] = "100000",
            ["Sandbox:Kite:Users:0:Holdings:0:Instrument"] = "NSE:INFY",
            ["Sandbox:Kite:Users:0:Holdings:0:Quantity"] = "10",
            ["Sandbox:Kite:Users:0:Holdings:0:AveragePrice"] = "1400",
        };
        configure?.Invoke(settings);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        // Only the settings above: the test output also holds the Web app's appsettings.*.json,
        // whose demo users would otherwise leak into every sandbox test.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        FakeTimeProvider? clock = null;
        if (!systemClock)
        {
            clock = new FakeTimeProvider(Start);
            builder.Services.AddSingleton<TimeProvider>(clock);
        }

        services?.Invoke(builder.Services);
        builder.AddBrokerSandbox();
        var app = builder.Build();
        app.MapBrokerSandbox();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var baseUrl = address.TrimEnd('/') + "/sandbox/kite";
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl + "/") };
        return new KiteSandboxHost(app, clock, client, baseUrl);
    }

    public string CurrentTotp() => TotpSeed.Parse(TotpSecret).CodeAt(Clock?.GetUtcNow() ?? DateTimeOffset.UtcNow).Value;

    public static string Checksum(string apiKey, string requestToken, string apiSecret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey + requestToken + apiSecret)));

    /// <summary>Logs in through the HTML form and returns the request_token from the redirect.</summary>
    public async Task<string> LoginThroughFormAsync()
    {
        using var response = await PostLoginFormAsync(UserId, Password, CurrentTotp());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        return query["request_token"].ToString();
    }

    public Task<HttpResponseMessage> PostLoginFormAsync(string userId, string password, string totp, string? redirectParams = null, string action = "login") =>
        Client.PostAsync("connect/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = ApiKey,
            ["redirect_params"] = redirectParams ?? "",
            ["userid"] = userId,
            ["password"] = password,
            ["totp"] = totp,
            ["action"] = action,
        }));

    public async Task<HttpResponseMessage> ExchangeAsync(string requestToken, string? checksum = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "session/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["api_key"] = ApiKey,
                ["request_token"] = requestToken,
                ["checksum"] = checksum ?? Checksum(ApiKey, requestToken, ApiSecret),
            }),
        };
        request.Headers.Add("X-Kite-Version", "3");
        return await Client.SendAsync(request);
    }

    /// <summary>Form login + token exchange: the whole real flow, returning the access token.</summary>
    public async Task<string> LoginAsync()
    {
        using var response = await ExchangeAsync(await LoginThroughFormAsync());
        using var json = await ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return json.RootElement.GetProperty("data").GetProperty("access_token").GetString()!;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? accessToken, IDictionary<string, string>? form = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Kite-Version", "3");
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("token", $"{ApiKey}:{accessToken}");
        }

        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>Sends and parses; asserts the envelope invariants of reference §3.3 on every reply.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(HttpMethod method, string path, string? accessToken, IDictionary<string, string>? form = null)
    {
        using var response = await SendAsync(method, path, accessToken, form);
        using var json = await ReadJsonAsync(response);
        var body = json.RootElement.Clone();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal("success", body.GetProperty("status").GetString());
            Assert.False(body.TryGetProperty("error_type", out _), "error_type must never appear on a 200");
        }
        else
        {
            Assert.Equal("error", body.GetProperty("status").GetString());
            Assert.True(body.TryGetProperty("error_type", out _));
            Assert.True(body.TryGetProperty("message", out _));
        }

        return (response.StatusCode, body);
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path, string accessToken) => CallAsync(HttpMethod.Get, path, accessToken);

    public async Task<JsonElement> ControlAsync(string path, object body)
    {
        using var response = await Client.PostAsync("__control/" + path,
            new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        using var json = await ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.RootElement.ToString());
        return json.RootElement.GetProperty("data").Clone();
    }

    /// <summary>Moves the fake clock to the next calendar second so per-second rate windows reset.</summary>
    public void NextSecond() => Clock!.Advance(TimeSpan.FromSeconds(1));

    public static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response) =>
        await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
