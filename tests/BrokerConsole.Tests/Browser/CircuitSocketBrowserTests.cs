using System.Text.Json;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Playwright;

namespace BrokerConsole.Tests.Browser;

/// <summary>
/// Issue 18 §4: a circuit's WebSocket is not compressed by default. Chromium offers permessage-deflate on every
/// WebSocket; a compressed socket keeps a native zlib state for the circuit's life (bench/README.md), so the app must
/// decline it. Read from the handshake as the browser saw it (Chrome DevTools Protocol).
/// </summary>
[Collection(AccountsBrowserGroup.Name)]
public sealed class CircuitSocketBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_circuit_websocket_declines_the_compression_the_browser_offers()
    {
        var page = await fixture.NewPageAsync();
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var handshake = new TaskCompletionSource<(string Offered, string Answered)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var offered = "";
        cdp.Event("Network.webSocketWillSendHandshakeRequest").OnEvent += (_, e) =>
            offered = Header(e?.GetProperty("request").GetProperty("headers"), "Sec-WebSocket-Extensions");
        cdp.Event("Network.webSocketHandshakeResponseReceived").OnEvent += (_, e) =>
            handshake.TrySetResult((offered, Header(e?.GetProperty("response").GetProperty("headers"), "Sec-WebSocket-Extensions")));
        await cdp.SendAsync("Network.enable");

        await page.GotoAsync("/account/register");
        await page.FillAsync("#email", "socket-check@example.com");
        await page.FillAsync("#password", BrowserFixture.UserPassword);
        await page.FillAsync("#confirm", BrowserFixture.UserPassword);
        await page.ClickAsync("[data-testid=register]");
        await page.WaitForURLAsync("**/accounts", new PageWaitForURLOptions { Timeout = 60_000 });
        await BrowserFixture.WaitForCircuitAsync(page);
        var (asked, answered) = await handshake.Task.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Contains("permessage-deflate", asked, StringComparison.Ordinal);
        Assert.DoesNotContain("permessage-deflate", answered, StringComparison.Ordinal);
    }

    private static string Header(JsonElement? headers, string name) =>
        headers?.EnumerateObject().FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.String } value
            ? value.GetString() ?? ""
            : "";
}
