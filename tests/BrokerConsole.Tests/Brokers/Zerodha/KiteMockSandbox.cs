using System.Collections.Concurrent;
using System.Net;
using System.Text;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.Zerodha;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Brokers.Zerodha;

/// <summary>
/// Stands in for live Kite by path: each path answers with what the test set (an official mock by default), and
/// every request is counted. Unlike <see cref="FakeKiteHandler"/> the answer does not depend on call order, so the
/// whole app (sessions, portfolio, orders) can run against it.
/// </summary>
public sealed class KiteMockRoutes : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, Func<HttpResponseMessage>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _seen = new();

    /// <summary>Paths asked for, e.g. <c>POST /session/token</c>.</summary>
    public IReadOnlyList<string> Seen => _seen.ToArray();

    public void Mock(string method, string path, string mockName) => Json(method, path, HttpStatusCode.OK, SharedReference.KiteMock(mockName));

    public void Error(string method, string path, HttpStatusCode status, string errorType, string message) =>
        Json(method, path, status, $$"""{"status":"error","message":{{System.Text.Json.JsonSerializer.Serialize(message)}},"error_type":"{{errorType}}","data":null}""");

    public void Json(string method, string path, HttpStatusCode status, string json) =>
        _routes[method + " " + path] = () => new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = request.Method.Method + " " + request.RequestUri!.AbsolutePath;
        _seen.Enqueue(key);
        return Task.FromResult(_routes.TryGetValue(key, out var answer)
            ? answer()
            : new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("""{"status":"error","message":"no route in the test","error_type":"GeneralException"}""", Encoding.UTF8, "application/json") });
    }
}

/// <summary>
/// The whole app in-process with a live Zerodha account whose Kite is <see cref="KiteMockRoutes"/>: Zerodha's official
/// mock responses go through the real client, session service and views, on a fake business clock. Shared as
/// <c>SharedApp&lt;KiteMockSandbox&gt;</c>; the app's routes are <see cref="KiteMockSandboxApp"/>'s <c>Kite</c>.
/// </summary>
public sealed class KiteMockSandbox : IAppRecipe
{
    /// <summary>The user id in generate_session.json.</summary>
    public const string MockUserId = "XX0000";

    /// <summary>A day long after the mocks were recorded: 3 Dec 2026, 10:00 IST.</summary>
    public static readonly DateTimeOffset Today = new(2026, 12, 3, 10, 0, 0, TimeSpan.FromHours(5.5));

    public static AppFixture Recipe() => AppFixture.Create()
        .WithClock(new FakeTimeProvider(Today))
        .WithSetting("Sandbox:Enabled", "false")
        .WithSetting("Brokers:Zerodha:ReadRetryCount", "0")
        .WithServices(services => services
            .AddSingleton<KiteMockRoutes>()
            .AddHttpClient(KiteTransport.HttpClientName).ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<KiteMockRoutes>()));

    /// <summary>The popup flow up to the callback, with whatever <c>POST /session/token</c> answers now.</summary>
    public static async Task<LoginResult> LogInAsync(AsyncServiceScope scope, Guid accountId)
    {
        var sessions = scope.ServiceProvider.GetRequiredService<ISessionService>();
        var loginUri = await sessions.BeginPopupLoginAsync(accountId);
        var redirectParams = QueryHelpers.ParseQuery(QueryHelpers.ParseQuery(loginUri.Query)["redirect_params"].ToString());
        return await sessions.CompleteZerodhaLoginAsync(redirectParams["state"].ToString(), "success", "mockrequesttoken");
    }
}

/// <summary>What the official-response tests do with their app.</summary>
public static class KiteMockSandboxApp
{
    extension(TestApp app)
    {
        /// <summary>This app's stand-in Kite: one per app, so each test class sets its own answers.</summary>
        public KiteMockRoutes Kite => app.Services.GetRequiredService<KiteMockRoutes>();

        /// <summary>A fresh user with one live Zerodha account for <see cref="KiteMockSandbox.MockUserId"/>, logged in through the popup flow.</summary>
        public async Task<(AsyncServiceScope Scope, Guid AccountId, LoginResult Login)> ConnectedAccountAsync()
        {
            var userId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
            var scope = app.ScopeFor(userId);
            var account = await scope.ServiceProvider.GetRequiredService<IAccountService>().CreateAsync(new AccountDraft
            {
                Broker = BrokerKind.Zerodha,
                DisplayName = "Live Kite",
                ClientId = KiteMockSandbox.MockUserId,
                Environment = AccountEnvironment.Live,
                ApiKey = "kitemockkey1",
                ApiSecret = "kite-mock-secret-1",
                RedirectUrl = "http://127.0.0.1:5080/connect/zerodha/callback",
            });
            var login = await KiteMockSandbox.LogInAsync(scope, account.Id);
            return (scope, account.Id, login);
        }
    }
}
