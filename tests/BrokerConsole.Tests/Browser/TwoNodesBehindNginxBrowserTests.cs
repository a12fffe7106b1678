using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>
/// Issue #19's "done when": two real nodes on one PostgreSQL database and one key ring, the shipped nginx site in front.
/// A trader signs in through nginx; nginx's sticky upstream (a hash of the client address) puts the tab on one node; the
/// Zerodha login is sent back by the broker straight to the other node, which completes it, and the card turns green in
/// the tab through PostgreSQL LISTEN/NOTIFY. Then the tab's node is killed: nginx moves the tab to the live node and the
/// page keeps working there. Which node served what is read from nginx's access log ($upstream_addr) and /healthz.
/// </summary>
[Collection(AccountsBrowserGroup.Name)]
public sealed partial class TwoNodesBehindNginxBrowserTests(BrowserFixture fixture)
{
    // The sandbox's second Kite app: the one whose registered redirect URL is node 2's callback.
    private const string SecondApiKey = "sandboxdemo02";
    private const string SecondApiSecret = "sandbox-demo-secret-02";

    [Fact]
    public async Task A_login_completed_on_one_node_turns_the_card_green_in_a_tab_on_the_other_and_the_tab_works_on_after_its_node_is_killed()
    {
        var database = PostgresCluster.CreateDatabase();
        using var keyRing = new SharedKeyRing();
        Uri[] urls = [new($"http://127.0.0.1:{RunningApp.FreePort()}/"), new($"http://127.0.0.1:{RunningApp.FreePort()}/")];
        var nodes = new List<RunningApp>();
        try
        {
            // One after the other: the first node migrates the database and writes the key ring the second one reads.
            nodes.Add(await RunningApp.StartAsync(_ => NodeEnvironment("node-1", database, urls), keyRing.DataDirectory, urls[0].Port));
            nodes.Add(await RunningApp.StartAsync(_ => NodeEnvironment("node-2", database, urls), keyRing.DataDirectory, urls[1].Port));
            await using var nginx = await NginxFront.StartAsync(urls);
            await RunAsync(nginx, nodes);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await File.WriteAllTextAsync(Path.Combine(RepoPaths.Artifacts, $"two-nodes-{node.BaseUrl.Port}.log"), node.Output);
                await node.DisposeAsync();
            }

            PostgresCluster.DropDatabase(database);
        }
    }

    private async Task RunAsync(NginxFront nginx, List<RunningApp> nodes)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c?.Thumbprint == nginx.Certificate.Thumbprint };
        using var http = new HttpClient(handler);
        // nginx hashes the client address: this test's requests and its browser's (both from 127.0.0.1) reach one node.
        var tabNodeName = await NodeNameAsync(http, nginx.HttpsUrl);
        var tabIndex = tabNodeName == "node-1" ? 0 : 1;
        var (tabNode, otherNode) = (nodes[tabIndex], nodes[1 - tabIndex]);
        var (apiKey, apiSecret) = tabIndex == 0 ? (SecondApiKey, SecondApiSecret) : (SandboxDemo.ApiKey, SandboxDemo.ApiSecret);
        var otherCallback = new Uri(otherNode.BaseUrl, "/connect/zerodha/callback").ToString();

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = nginx.HttpsUrl.ToString(),
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
        });
        await using (context)
        {
            context.SetDefaultTimeout(15_000);
            var callbacks = new List<string>();
            context.Request += (_, request) =>
            {
                if (request.Url.Contains("/connect/zerodha/callback", StringComparison.Ordinal))
                {
                    lock (callbacks)
                    {
                        callbacks.Add(request.Url);
                    }
                }
            };
            var page = await context.NewPageAsync();
            await page.GotoAsync("/account/register");
            await page.FillAsync("#email", "two-nodes@example.com");
            await page.FillAsync("#password", BrowserFixture.UserPassword);
            await page.FillAsync("#confirm", BrowserFixture.UserPassword);
            await page.ClickAsync("[data-testid=register]");
            await page.WaitForURLAsync("**/accounts", new PageWaitForURLOptions { Timeout = 120_000 });
            await BrowserFixture.WaitForCircuitAsync(page);
            // The tab's circuit lives on the tab's node, never on the other (its negotiation is logged at once; the WebSocket
            // itself only when it closes).
            Assert.Equal([tabNode.BaseUrl.Port], CircuitNodePorts(nginx.AccessLog));

            var card = await AddAccountAsync(page, "Across nodes", SandboxDemo.UserA, apiKey, apiSecret, otherCallback);
            var popup = await page.RunAndWaitForPopupAsync(() => card.Locator("[data-testid=connect-account]").ClickAsync());
            await popup.WaitForLoadStateAsync();
            await KiteSandboxLogin.LogInAsync(popup, SandboxDemo.UserA, SandboxDemo.PasswordA);

            // Green in the tab on the tab's node, though the login was completed by the other node, directly (not via nginx).
            await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "Active");
            lock (callbacks)
            {
                Assert.StartsWith(otherCallback + "?", Assert.Single(callbacks), StringComparison.Ordinal);
            }

            Assert.DoesNotContain("/connect/zerodha/callback", nginx.AccessLog, StringComparison.Ordinal);
            foreach (var variant in ScreenVariant.All)
            {
                await variant.ApplyAsync(page);
                await BrowserFixture.ScreenshotAsync(page, $"two-nodes-green-on-{tabNodeName}-{variant.Name}");
            }

            await ScreenVariant.DesktopLight.ApplyAsync(page);

            // The tab's node dies: the circuit's reconnection goes through nginx to the live node, which does not know the
            // circuit, so the page loads again there (same cookie: one key ring) and starts a new circuit.
            var reloaded = page.WaitForRequestAsync(r => r.IsNavigationRequest && r.Url.EndsWith("/accounts", StringComparison.Ordinal), new() { Timeout = 60_000 });
            await tabNode.KillAsync();
            await reloaded;
            await BrowserFixture.WaitForCircuitAsync(page);

            Assert.Equal(otherNode == nodes[0] ? "node-1" : "node-2", await NodeNameAsync(http, nginx.HttpsUrl));
            Assert.Equal(otherNode.BaseUrl.Port, CircuitNodePorts(nginx.AccessLog)[^1]);
            await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "Active");
            // Working on: a second account (another Kite user: one login per card) is saved and listed through the live node.
            await AddAccountAsync(page, "After failover", SandboxDemo.UserB, apiKey, apiSecret, otherCallback);
            await Assertions.Expect(page.Locator("[data-testid=account-card]")).ToHaveCountAsync(2);
            await BrowserFixture.ScreenshotAsync(page, "two-nodes-after-failover-desktop-light");
        }
    }

    private static IDictionary<string, string> NodeEnvironment(string name, string database, Uri[] urls)
    {
        // Node 1's built-in sandbox is the one broker both nodes use (a request token must be exchanged where it was
        // issued); its Kite sandbox knows two apps, each sending the login back to one node.
        var environment = SandboxDemo.EnvironmentFor(urls[0]);
        environment["Node__Name"] = name;
        environment["Storage__Provider"] = "PostgreSQL";
        foreach (var (key, value) in SharedKeyRing.Environment)
        {
            environment[key] = value;
        }

        environment["ConnectionStrings__BrokerConsole"] = database;
        environment["Brokers__Zerodha__SandboxApiRoot"] = new Uri(urls[0], "/sandbox/kite").ToString();
        environment["Brokers__Zerodha__SandboxLoginUrl"] = new Uri(urls[0], "/sandbox/kite/connect/login").ToString();
        environment["Sandbox__Kite__Apps__1__ApiKey"] = SecondApiKey;
        environment["Sandbox__Kite__Apps__1__ApiSecret"] = SecondApiSecret;
        environment["Sandbox__Kite__Apps__1__RedirectUrl"] = new Uri(urls[1], "/connect/zerodha/callback").ToString();
        environment["Sandbox__Kite__Apps__1__PostbackUrl"] = new Uri(urls[1], "/postbacks/zerodha").ToString();
        environment["Sandbox__Kite__Apps__1__AppId"] = "2";
        return environment;
    }

    private static async Task<ILocator> AddAccountAsync(IPage page, string displayName, string clientId, string apiKey, string apiSecret, string redirectUrl)
    {
        await page.ClickAsync("[data-testid=add-account] >> nth=0");
        await page.FillAsync("[data-testid=field-DisplayName]", displayName);
        await page.FillAsync("[data-testid=field-ClientId]", clientId);
        await page.FillAsync("[data-testid=field-ApiKey]", apiKey);
        await page.FillAsync("[data-testid=field-ApiSecret]", apiSecret);
        await page.FillAsync("[data-testid=field-RedirectUrl]", redirectUrl);
        await page.ClickAsync("[data-testid=save-account]");
        var card = page.Locator($"[data-testid=account-card]:has-text('{displayName}')");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        return card;
    }

    /// <summary>The node that answers through nginx now, by the name its /healthz reports (this test is a loopback caller).</summary>
    private static async Task<string> NodeNameAsync(HttpClient http, Uri front)
    {
        using var response = await http.GetAsync(new Uri(front, "healthz"));
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        return health.GetProperty("node").GetString()!;
    }

    /// <summary>For each circuit nginx proxied (its negotiation: the WebSocket follows it to the same node), in order, the port of the node that answered.</summary>
    private static List<int> CircuitNodePorts(string accessLog) =>
        [.. CircuitLine().Matches(accessLog).Select(m => int.Parse(m.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture))];

    // $upstream_addr lists every server tried ("127.0.0.1:A, 127.0.0.1:B"): the last one answered.
    [GeneratedRegex(@"""POST /_blazor/negotiate\?[^""]*"" 200 upstream=(?:[^\r\n]*, )?127\.0\.0\.1:(?<port>\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex CircuitLine();
}
