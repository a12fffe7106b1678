using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Sandbox.Shared;
using BrokerConsole.Tests.Sandbox.Kite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Sandbox.Angel;

/// <summary>
/// The Angel sandbox on the wire, spoken by hand: generateTokens (reference §3.2, AB8050/AG8001), modifyOrder and
/// details/{uniqueorderid}, the walking market and the latency control.
/// </summary>
public sealed class AngelSandboxWireTests : IAsyncLifetime
{
    private const string ApiKey = "wireangel01";
    private const string ClientCode = "W1001";
    private const string Mpin = "2222";
    private const string TotpSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    private KiteSandboxHost _host = default!;

    /// <summary>The sandbox's rate windows count on this clock, so a test moves to the next second instead of sleeping.</summary>
    private readonly FakeTimeProvider _rateClock = new(KiteSandboxHost.Start);

    private string Root => _host.BaseUrl[..^"/kite".Length] + "/angel";

    public async Task InitializeAsync() => _host = await KiteSandboxHost.StartAsync(s =>
    {
        s["Sandbox:Angel:Apps:0:ApiKey"] = ApiKey;
        s["Sandbox:Angel:Users:0:ClientCode"] = ClientCode;
        s["Sandbox:Angel:Users:0:Mpin"] = Mpin;
        s["Sandbox:Angel:Users:0:TotpSecret"] = TotpSecret;
        s["Sandbox:Angel:Users:0:Name"] = "Wire Angel";
    }, services: s => s.AddSingleton(new SandboxRateClock(_rateClock)));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<JsonElement> CallAsync(HttpMethod method, string path, string? jwt, object? body = null)
    {
        using var request = new HttpRequestMessage(method, Root + path);
        foreach (var (name, value) in new[] { ("X-UserType", "USER"), ("X-SourceID", "WEB"), ("X-PrivateKey", ApiKey), ("X-ClientLocalIP", "10.0.0.2"), ("X-ClientPublicIP", "203.0.113.9"), ("X-MACAddress", "00:00:00:00:00:00") })
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (jwt is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + jwt);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
    }

    private async Task<(string Jwt, string Refresh)> LoginAsync()
    {
        var login = await CallAsync(HttpMethod.Post, "/rest/auth/angelbroking/user/v1/loginByPassword", null,
            new { clientcode = ClientCode, password = Mpin, totp = TotpSeed.Parse(TotpSecret).CodeAt(_host.Clock!.GetUtcNow()).Value });
        Assert.True(login.GetProperty("status").GetBoolean(), login.ToString());
        var data = login.GetProperty("data");
        return (data.GetProperty("jwtToken").GetString()!["Bearer ".Length..], data.GetProperty("refreshToken").GetString()!);
    }

    [Fact]
    public async Task GenerateTokens_with_the_sessions_refresh_token_issues_a_new_pair_and_ends_the_old_jwt()
    {
        var (jwt, refresh) = await LoginAsync();

        var wrong = await CallAsync(HttpMethod.Post, "/rest/auth/angelbroking/jwt/v1/generateTokens", jwt, new { refreshToken = "not-it" });
        Assert.Equal((false, "AB8050"), (wrong.GetProperty("status").GetBoolean(), wrong.GetProperty("errorcode").GetString()));
        _rateClock.Advance(TimeSpan.FromSeconds(1)); // generateTokens is 1/s

        var renewed = await CallAsync(HttpMethod.Post, "/rest/auth/angelbroking/jwt/v1/generateTokens", jwt, new { refreshToken = refresh });

        Assert.True(renewed.GetProperty("status").GetBoolean(), renewed.ToString());
        var newJwt = renewed.GetProperty("data").GetProperty("jwtToken").GetString()!["Bearer ".Length..];
        Assert.NotEqual(jwt, newJwt);
        Assert.NotEqual(refresh, renewed.GetProperty("data").GetProperty("refreshToken").GetString());
        Assert.Equal("AG8001", (await CallAsync(HttpMethod.Get, "/rest/secure/angelbroking/user/v1/getProfile", jwt)).GetProperty("errorCode").GetString());
        Assert.True((await CallAsync(HttpMethod.Get, "/rest/secure/angelbroking/user/v1/getProfile", newJwt)).GetProperty("status").GetBoolean());
        _rateClock.Advance(TimeSpan.FromSeconds(1));
        // The ended JWT cannot renew again: the gateway's AG8001.
        var replay = await CallAsync(HttpMethod.Post, "/rest/auth/angelbroking/jwt/v1/generateTokens", jwt, new { refreshToken = refresh });
        Assert.Equal("AG8001", replay.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task ModifyOrder_changes_an_open_order_and_details_reads_it_by_uniqueorderid()
    {
        var (jwt, _) = await LoginAsync();
        var placed = await CallAsync(HttpMethod.Post, "/rest/secure/angelbroking/order/v1/placeOrder", jwt, new Dictionary<string, string>
        {
            ["variety"] = "NORMAL",
            ["tradingsymbol"] = "SBIN-EQ",
            ["symboltoken"] = "3045",
            ["transactiontype"] = "BUY",
            ["exchange"] = "NSE",
            ["ordertype"] = "LIMIT",
            ["producttype"] = "DELIVERY",
            ["duration"] = "DAY",
            ["price"] = "700",
            ["quantity"] = "2",
        });
        var orderId = placed.GetProperty("data").GetProperty("orderid").GetString()!;
        var unique = placed.GetProperty("data").GetProperty("uniqueorderid").GetString()!;

        var modified = await CallAsync(HttpMethod.Post, "/rest/secure/angelbroking/order/v1/modifyOrder", jwt, new Dictionary<string, string>
        {
            ["variety"] = "NORMAL",
            ["orderid"] = orderId,
            ["ordertype"] = "LIMIT",
            ["producttype"] = "DELIVERY",
            ["duration"] = "DAY",
            ["price"] = "705.5",
            ["quantity"] = "3",
            ["tradingsymbol"] = "SBIN-EQ",
            ["symboltoken"] = "3045",
            ["exchange"] = "NSE",
        });
        Assert.Equal((orderId, unique), (modified.GetProperty("data").GetProperty("orderid").GetString(), modified.GetProperty("data").GetProperty("uniqueorderid").GetString()));

        var details = (await CallAsync(HttpMethod.Get, "/rest/secure/angelbroking/order/v1/details/" + unique, jwt)).GetProperty("data");
        Assert.Equal(("705.50", "3", "open"), (details.GetProperty("price").GetString(), details.GetProperty("quantity").GetString(), details.GetProperty("status").GetString()));
        var missing = await CallAsync(HttpMethod.Get, "/rest/secure/angelbroking/order/v1/details/nope", jwt);
        Assert.Equal("AB1013", missing.GetProperty("errorcode").GetString());
        var unknown = await CallAsync(HttpMethod.Post, "/rest/secure/angelbroking/order/v1/modifyOrder", jwt, new Dictionary<string, string> { ["variety"] = "NORMAL", ["orderid"] = "1", ["quantity"] = "1" });
        Assert.Equal("AB1013", unknown.GetProperty("errorcode").GetString());
    }

    [Fact]
    public async Task Buy_beyond_the_cash_is_accepted_then_rejected_with_the_reason_and_open_buys_block_cash()
    {
        var (jwt, _) = await LoginAsync();
        Dictionary<string, string> Buy(string quantity, string price) => new()
        {
            ["variety"] = "NORMAL",
            ["tradingsymbol"] = "SBIN-EQ",
            ["symboltoken"] = "3045",
            ["transactiontype"] = "BUY",
            ["exchange"] = "NSE",
            ["ordertype"] = "LIMIT",
            ["producttype"] = "DELIVERY",
            ["duration"] = "DAY",
            ["price"] = price,
            ["quantity"] = quantity,
        };

        // The default opening balance is 10 lakh: 1,000 × 700 rests (open, below the market) and holds 7 lakh back,
        // so a second order of 500 × 700 is over the cash that is left.
        var first = await CallAsync(HttpMethod.Post, "/rest/secure/angelbroking/order/v1/placeOrder", jwt, Buy("1000", "700"));
        var second = await CallAsync(HttpMethod.Post, "/rest/secure/angelbroking/order/v1/placeOrder", jwt, Buy("500", "700"));
        Assert.True(second.GetProperty("status").GetBoolean());
        var book = (await CallAsync(HttpMethod.Get, "/rest/secure/angelbroking/order/v1/getOrderBook", jwt)).GetProperty("data").EnumerateArray().ToList();
        string StatusOf(JsonElement placed) => book.Single(o => o.GetProperty("orderid").GetString() == placed.GetProperty("data").GetProperty("orderid").GetString()).GetProperty("status").GetString()!;
        Assert.Equal("open", StatusOf(first));
        Assert.Equal("rejected", StatusOf(second));
        var text = book.Single(o => o.GetProperty("status").GetString() == "rejected").GetProperty("text").GetString();
        Assert.Contains("insufficient funds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prices_walk_with_the_clock_and_latency_control_delays_calls()
    {
        var (jwt, _) = await LoginAsync();
        async Task<decimal> LtpAsync() => decimal.Parse((await CallAsync(HttpMethod.Post, "/rest/secure/angelbroking/order/v1/getLtpData", jwt,
            new { exchange = "NSE", tradingsymbol = "SBIN-EQ", symboltoken = "3045" })).GetProperty("data").GetProperty("ltp").GetRawText().Trim('"'), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(812.40m, await LtpAsync());
        _host.Clock!.Advance(TimeSpan.FromMinutes(10));
        Assert.NotEqual(812.40m, await LtpAsync());

        using (var latency = await _host.Client.PostAsJsonAsync(Root + "/__control/latency", new { milliseconds = 400, path_prefix = "/rest/secure/angelbroking/user" }))
        {
            latency.EnsureSuccessStatusCode();
        }

        var watch = Stopwatch.StartNew();
        await CallAsync(HttpMethod.Get, "/rest/secure/angelbroking/user/v1/getProfile", jwt);
        Assert.True(watch.ElapsedMilliseconds >= 380, $"took {watch.ElapsedMilliseconds} ms");
        watch.Restart();
        await LtpAsync(); // outside the prefix: not delayed
        Assert.True(watch.ElapsedMilliseconds < 380, $"took {watch.ElapsedMilliseconds} ms");
    }
}
