using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Tests.Sandbox.Kite;
using Microsoft.AspNetCore.WebUtilities;

namespace BrokerConsole.Tests.Sandbox.Fyers;

/// <summary>
/// The Fyers sandbox on the wire (reference §2.4–2.9), spoken by hand: envelopes, negative codes, integer statuses,
/// modify/single order/trade book, the walking market and the control surface (latency, forced 429, expiry).
/// </summary>
public sealed class FyersSandboxTests : IAsyncLifetime
{
    private const string AppId = "WIREFYAPP1-100";
    private const string Secret = "wire-secret-01";
    private const string FyId = "FW0001";
    private const string Pin = "1357";
    private const string TotpSecret = "JBSWY3DPEHPK3PXP";
    private const string Redirect = "http://localhost:5080/connect/fyers/callback";

    private KiteSandboxHost _host = default!;

    private string Root => _host.BaseUrl[..^"/kite".Length] + "/fyers";

    public async Task InitializeAsync() => _host = await KiteSandboxHost.StartAsync(s =>
    {
        s["Sandbox:Fyers:Apps:0:AppId"] = AppId;
        s["Sandbox:Fyers:Apps:0:Secret"] = Secret;
        s["Sandbox:Fyers:Apps:0:RedirectUrl"] = Redirect;
        s["Sandbox:Fyers:Users:0:FyId"] = FyId;
        s["Sandbox:Fyers:Users:0:Pin"] = Pin;
        s["Sandbox:Fyers:Users:0:TotpSecret"] = TotpSecret;
        s["Sandbox:Fyers:Users:0:Name"] = "Wire Tester";
        s["Sandbox:Fyers:Users:0:Holdings:0:Symbol"] = "NSE:INFY-EQ";
        s["Sandbox:Fyers:Users:0:Holdings:0:Quantity"] = "5";
        s["Sandbox:Fyers:Users:0:Holdings:0:CostPrice"] = "1400";
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<string> LoginAsync()
    {
        var page = $"{Root}/api/v3/generate-authcode?client_id={AppId}&redirect_uri={Uri.EscapeDataString(Redirect)}&response_type=code&state=s1";
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = AppId,
            ["state"] = "s1",
            ["fy_id"] = FyId,
            ["pin"] = Pin,
            ["totp"] = TotpSeed.Parse(TotpSecret).CodeAt(_host.Clock!.GetUtcNow()).Value,
            ["action"] = "login",
        });
        using var redirect = await _host.Client.PostAsync(page, form);
        var code = QueryHelpers.ParseQuery(redirect.Headers.Location!.Query)["auth_code"].ToString();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AppId + ":" + Secret)));
        var (status, body) = await CallAsync(HttpMethod.Post, "/api/v3/validate-authcode", null, new { grant_type = "authorization_code", appIdHash = hash, code });
        Assert.Equal(HttpStatusCode.OK, status);
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>Sends and checks the envelope invariants: ok with a code, or error with a negative code.</summary>
    private async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, Root + path);
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"{AppId}:{token}");
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await _host.Client.SendAsync(request);
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        var root = json.RootElement.Clone();
        if (response.IsSuccessStatusCode)
        {
            Assert.Equal("ok", root.GetProperty("s").GetString());
        }
        else
        {
            Assert.Equal("error", root.GetProperty("s").GetString());
            Assert.True(root.GetProperty("code").GetInt32() < 0, root.ToString());
        }

        return (response.StatusCode, root);
    }

    private async Task ControlAsync(string path, object body)
    {
        using var response = await _host.Client.PostAsJsonAsync(Root + "/__control/" + path, body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<decimal> LtpAsync(string token, string symbol)
    {
        var (_, quotes) = await CallAsync(HttpMethod.Get, "/data/quotes?symbols=" + symbol, token);
        return quotes.GetProperty("d")[0].GetProperty("v").GetProperty("lp").GetDecimal();
    }

    private async Task<string> PlaceAsync(string token, int type, decimal limit, int qty = 2, int side = 1)
    {
        var (status, placed) = await CallAsync(HttpMethod.Post, "/api/v3/orders/sync", token,
            new { symbol = "NSE:SBIN-EQ", qty, type, side, productType = "CNC", limitPrice = limit, stopPrice = 0, validity = "DAY", disclosedQty = 0, offlineOrder = false });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1101, placed.GetProperty("code").GetInt32());
        return placed.GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> OrderAsync(string token, string id)
    {
        var (status, book) = await CallAsync(HttpMethod.Get, "/api/v3/orders?id=" + id, token);
        Assert.Equal(HttpStatusCode.OK, status);
        return Assert.Single(book.GetProperty("orderBook").EnumerateArray());
    }

    [Fact]
    public async Task Patch_orders_sync_modifies_a_pending_order_with_1102_and_keeps_omitted_fields()
    {
        var token = await LoginAsync();
        var id = await PlaceAsync(token, type: 1, limit: 700m);

        var (status, modified) = await CallAsync(HttpMethod.Patch, "/api/v3/orders/sync", token, new { id, type = 1, limitPrice = 705.5m });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1102, modified.GetProperty("code").GetInt32());
        Assert.Equal(id, modified.GetProperty("id").GetString());
        var order = await OrderAsync(token, id);
        Assert.Equal(705.5m, order.GetProperty("limitPrice").GetDecimal());
        Assert.Equal(2, order.GetProperty("qty").GetInt32());
        Assert.Equal(6, order.GetProperty("status").GetInt32());
        Assert.Equal($"{id}:6", order.GetProperty("orderNumStatus").GetString());
    }

    [Fact]
    public async Task Single_order_of_an_unknown_id_is_minus_51_and_modify_of_a_traded_order_is_minus_99()
    {
        var token = await LoginAsync();
        var (status, unknown) = await CallAsync(HttpMethod.Get, "/api/v3/orders?id=1", token);
        Assert.Equal((HttpStatusCode.BadRequest, -51), (status, unknown.GetProperty("code").GetInt32()));

        var traded = await PlaceAsync(token, type: 2, limit: 0m);
        Assert.Equal(2, (await OrderAsync(token, traded)).GetProperty("status").GetInt32());
        var (refusedStatus, refused) = await CallAsync(HttpMethod.Patch, "/api/v3/orders/sync", token, new { id = traded, qty = 5 });
        Assert.Equal((HttpStatusCode.BadRequest, -99), (refusedStatus, refused.GetProperty("code").GetInt32()));
        var (_, missing) = await CallAsync(HttpMethod.Patch, "/api/v3/orders/sync", token, new { id = "0", qty = 5 });
        Assert.Equal(-51, missing.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Prices_walk_with_the_clock_and_a_resting_limit_fills_into_the_tradebook_when_crossed()
    {
        var token = await LoginAsync();
        Assert.Equal(812.40m, await LtpAsync(token, "NSE:SBIN-EQ"));
        _host.Clock!.Advance(TimeSpan.FromMinutes(10));
        Assert.NotEqual(812.40m, await LtpAsync(token, "NSE:SBIN-EQ"));

        var id = await PlaceAsync(token, type: 1, limit: 780m, qty: 4);
        Assert.Equal(6, (await OrderAsync(token, id)).GetProperty("status").GetInt32());
        var (_, empty) = await CallAsync(HttpMethod.Get, "/api/v3/tradebook", token);
        Assert.Empty(empty.GetProperty("tradeBook").EnumerateArray());

        await ControlAsync("market/price", new { symbol = "NSE:SBIN-EQ", ltp = 779.95m });

        var order = await OrderAsync(token, id);
        Assert.Equal((2, 4, 779.95m), (order.GetProperty("status").GetInt32(), order.GetProperty("filledQty").GetInt32(), order.GetProperty("tradedPrice").GetDecimal()));
        var (_, book) = await CallAsync(HttpMethod.Get, "/api/v3/tradebook", token);
        var trade = Assert.Single(book.GetProperty("tradeBook").EnumerateArray());
        Assert.Equal(id, trade.GetProperty("orderNumber").GetString());
        Assert.Equal((4, 779.95m, 1, "NSE:SBIN-EQ"), (trade.GetProperty("tradedQty").GetInt32(), trade.GetProperty("tradePrice").GetDecimal(), trade.GetProperty("side").GetInt32(), trade.GetProperty("symbol").GetString()));
        Assert.Equal(4 * 779.95m, trade.GetProperty("tradeValue").GetDecimal());
    }

    [Fact]
    public async Task Holdings_come_from_configuration_priced_at_the_walking_ltp()
    {
        var token = await LoginAsync();
        var (_, body) = await CallAsync(HttpMethod.Get, "/api/v3/holdings", token);
        var holding = Assert.Single(body.GetProperty("holdings").EnumerateArray());
        Assert.Equal(("NSE:INFY-EQ", 5, "INE009A01021", "HLD"), (holding.GetProperty("symbol").GetString(), holding.GetProperty("quantity").GetInt32(),
            holding.GetProperty("isin").GetString(), holding.GetProperty("holdingType").GetString()));
        Assert.Equal(5 * (1502.50m - 1400m), holding.GetProperty("pl").GetDecimal());
        Assert.Equal(7000m, body.GetProperty("overall").GetProperty("total_investment").GetDecimal());
    }

    [Fact]
    public async Task Control_surface_forces_429_then_expiry_and_delays_calls()
    {
        var token = await LoginAsync();
        await ControlAsync("rate-limit", new { count = 2 });
        for (var i = 0; i < 2; i++)
        {
            var (status, body) = await CallAsync(HttpMethod.Get, "/api/v3/profile", token);
            Assert.Equal((HttpStatusCode.TooManyRequests, -429), (status, body.GetProperty("code").GetInt32()));
        }

        Assert.Equal(HttpStatusCode.OK, (await CallAsync(HttpMethod.Get, "/api/v3/profile", token)).Status);

        await ControlAsync("latency", new { milliseconds = 400, path_prefix = "/api/v3/funds" });
        var watch = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(HttpMethod.Get, "/api/v3/funds", token)).Status);
        Assert.True(watch.ElapsedMilliseconds >= 380, $"took {watch.ElapsedMilliseconds} ms");
        await ControlAsync("latency", new { milliseconds = 0 });

        await ControlAsync("tokens/expire", new { fy_id = FyId });
        var (expiredStatus, expired) = await CallAsync(HttpMethod.Get, "/api/v3/profile", token);
        Assert.Equal((HttpStatusCode.Unauthorized, -16), (expiredStatus, expired.GetProperty("code").GetInt32()));
    }
}
