using System.Net;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Security;

/// <summary>
/// The app in-process where the test chooses the TCP peer of each request (header <c>X-Test-Peer</c>, read before the
/// app's pipeline), so one test can be a trusted proxy and another an untrusted client forging forwarded headers.
/// </summary>
public sealed class PeerApp : IAppRecipe
{
    public const string PeerHeader = TestPeer.Header;

    /// <summary><c>Node:Name</c> of this app, reported by /healthz to callers who may see details.</summary>
    public const string NodeName = "node-a";

    public static AppFixture Recipe() => AppFixture.Create()
        .WithSetting("Network:KnownProxies:0", "10.0.0.5")
        .WithSetting("Node:Name", NodeName);
}

/// <summary>Issue #17 §4: ready to sit behind a TLS reverse proxy.</summary>
public sealed class ProxyTests(SharedApp<PeerApp> app) : IClassFixture<SharedApp<PeerApp>>
{
    /// <summary>
    /// Keeps cookies by name and sends them all back, Secure ones included: the test talks plain HTTP to the app the
    /// way the proxy does, while the browser behind the proxy sees HTTPS.
    /// </summary>
    private sealed class ProxyCookieJar : DelegatingHandler
    {
        private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value)));
            }

            var response = await base.SendAsync(request, cancellationToken);
            foreach (var setCookie in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = setCookie.Split(';')[0];
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                _cookies[pair[..equals]] = pair[(equals + 1)..];
            }

            return response;
        }
    }

    private HttpClient Through(string peer, bool forwardedHttps, string? forwardedFor = null)
    {
#pragma warning disable CA2000 // The client owns its handler chain.
        var client = app.CreateDefaultClient(new ProxyCookieJar());
#pragma warning restore CA2000
        client.DefaultRequestHeaders.Host = "console.example.com";
        client.DefaultRequestHeaders.Add(PeerApp.PeerHeader, peer);
        if (forwardedHttps)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        }

        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }

        return client;
    }

    private static string CookieNamed(HttpResponseMessage response, string prefix) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(prefix, StringComparison.Ordinal));

    private async Task<(HttpResponseMessage Login, HttpResponseMessage Form)> SignInAsync(HttpClient client, string email)
    {
        await app.CreateUserAsync(email, "proxy-2026-ok");
        var form = await client.GetAsync("/account/login");
        var login = await client.SubmitAsync("/account/login", "login", new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.Password"] = "proxy-2026-ok",
        });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return (login, form);
    }

    private async Task<AuditEntry> LastSignInAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerConsole.Core.Persistence.BrokerConsoleDbContext>();
        var userId = db.Users.Single(u => u.Email == email).Id;
        return db.AuditEntries.Where(e => e.UserId == userId && e.Action == AuditAction.SignedIn).AsEnumerable().Last();
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_saying_https_cookies_are_secure_hsts_is_sent_and_the_audit_has_the_clients_ip()
    {
        var client = Through("10.0.0.5", forwardedHttps: true, forwardedFor: "203.0.113.9");
        var (login, form) = await SignInAsync(client, "behind-proxy@example.com");

        Assert.Contains("secure", CookieNamed(login, "BrokerConsole.Auth="), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", CookieNamed(form, ".AspNetCore.Antiforgery."), StringComparison.OrdinalIgnoreCase);
        Assert.True(form.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal("203.0.113.9", (await LastSignInAsync("behind-proxy@example.com")).ClientIp);
    }

    [Fact]
    public async Task An_untrusted_peer_cannot_claim_https_or_another_clients_ip()
    {
        var client = Through("198.51.100.7", forwardedHttps: true, forwardedFor: "203.0.113.9");
        var (login, form) = await SignInAsync(client, "forged-proxy@example.com");

        Assert.DoesNotContain("secure", CookieNamed(login, "BrokerConsole.Auth="), StringComparison.OrdinalIgnoreCase);
        Assert.False(form.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal("198.51.100.7", (await LastSignInAsync("forged-proxy@example.com")).ClientIp);
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/account/register")]
    public async Task Pages_allow_scripts_from_self_only_and_framing_by_the_console_only(string path)
    {
        var response = await Through("10.0.0.5", forwardedHttps: false).GetAsync(path);

        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Theory]
    [InlineData("/connect/zerodha/callback?status=success&request_token=abc&state=forged")]
    [InlineData("/connect/dhan/callback?tokenId=abc")]
    public async Task Login_popup_pages_cannot_be_framed_and_send_no_referrer(string path)
    {
        var client = Through("10.0.0.5", forwardedHttps: false);
        var (_, _) = await SignInAsync(client, $"popup-{Guid.NewGuid():N}@example.com");
        var response = await client.GetAsync(path);

        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        // No inline script on the page the popup ends on: the policy above would block it.
        Assert.DoesNotContain("<script>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_errors_carry_nosniff_too()
    {
        var response = await Through("10.0.0.5", forwardedHttps: false).GetAsync("/api/v1/orders");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}

/// <summary>Production: plain HTTP redirects to HTTPS, unless <c>Network:AllowHttp</c> (loopback use).</summary>
public sealed class HttpsRedirectTests
{
    private static TestApp ProductionApp(bool allowHttp) => AppFixture.Create()
        .WithEnvironment("Production")
        .WithSetting("Network:AllowHttp", allowHttp ? "true" : "false")
        .Build();

    [Fact]
    public async Task Production_redirects_plain_http_to_https_unless_allowed()
    {
        await using (var strict = ProductionApp(allowHttp: false))
        {
            var client = strict.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://console.example.com") });
            var response = await client.GetAsync("/account/login");
            Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
            Assert.Equal("https://console.example.com/account/login", response.Headers.Location!.ToString());
        }

        await using var loopback = ProductionApp(allowHttp: true);
        var plain = loopback.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("/account/login")).StatusCode);
    }
}
