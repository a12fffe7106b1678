using System.Net;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>
/// The shipped nginx site (deploy/nginx/brokerconsole.conf) in front of a running node: plain HTTP is sent to HTTPS,
/// TLS ends at nginx, the node believes nginx's forwarded headers (its cookies are Secure), and Blazor Server's circuit
/// lives through nginx's WebSocket upgrade, so a trader can register and add an account through it.
/// </summary>
[Collection(AccountsBrowserGroup.Name)]
public sealed class NginxFrontBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Through_nginx_a_trader_registers_and_works_live_over_the_websocket_with_secure_cookies()
    {
        await using var nginx = await NginxFront.StartAsync(fixture.App.BaseUrl);
        using var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            // Exactly the certificate nginx was given, nothing else.
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == nginx.Certificate.Thumbprint,
        };
        using var http = new HttpClient(handler);

        using var plain = await http.GetAsync(new Uri(nginx.HttpUrl, "accounts"));
        Assert.Equal(HttpStatusCode.MovedPermanently, plain.StatusCode);
        Assert.Equal(new Uri(nginx.HttpsUrl, "accounts"), plain.Headers.Location);
        using var health = await http.GetAsync(new Uri(nginx.HttpsUrl, "healthz"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = nginx.HttpsUrl.ToString(),
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
        });
        await using (context)
        {
            context.SetDefaultTimeout(15_000);
            var page = await context.NewPageAsync();
            // The circuit's WebSocket, as the browser saw it: opened to nginx and carrying frames (not a fallback transport).
            var circuitSocket = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            page.WebSocket += (_, socket) => socket.FrameReceived += (_, _) => circuitSocket.TrySetResult(socket.Url);
            await page.GotoAsync("/account/register");
            await page.FillAsync("#email", "behind-nginx@example.com");
            await page.FillAsync("#password", BrowserFixture.UserPassword);
            await page.FillAsync("#confirm", BrowserFixture.UserPassword);
            await page.ClickAsync("[data-testid=register]");
            await page.WaitForURLAsync("**/accounts", new PageWaitForURLOptions { Timeout = 60_000 });
            await BrowserFixture.WaitForCircuitAsync(page);

            var card = await fixture.AddDemoKiteAccountAsync(page, "Behind nginx", SandboxDemo.UserB);
            await Assertions.Expect(card).ToBeVisibleAsync();

            var cookies = await context.CookiesAsync();
            Assert.Contains(cookies, c => c.Name == "BrokerConsole.Auth" && c.Secure);
            Assert.StartsWith($"wss://127.0.0.1:{nginx.HttpsUrl.Port}/_blazor?id=", await circuitSocket.Task.WaitAsync(TimeSpan.FromSeconds(15)), StringComparison.Ordinal);
        }
    }
}
