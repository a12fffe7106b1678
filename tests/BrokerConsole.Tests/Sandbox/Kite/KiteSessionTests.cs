using System.Net;

namespace BrokerConsole.Tests.Sandbox.Kite;

public sealed class KiteSessionTests
{
    [Fact]
    public async Task TokenExchange_valid_checksum_returns_generate_session_shape()
    {
        await using var host = await KiteSandboxHost.StartAsync();

        using var response = await host.ExchangeAsync(await host.LoginThroughFormAsync());
        using var json = await KiteSandboxHost.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = json.RootElement.GetProperty("data");
        KiteMocks.AssertSameKeys(KiteMocks.Data("generate_session.json"), data);
        Assert.Equal(KiteSandboxHost.UserId, data.GetProperty("user_id").GetString());
        Assert.Equal(KiteSandboxHost.ApiKey, data.GetProperty("api_key").GetString());
        Assert.Equal("", data.GetProperty("refresh_token").GetString());
        Assert.Equal("2026-11-24 10:00:00", data.GetProperty("login_time").GetString());
        Assert.Equal(32, data.GetProperty("access_token").GetString()!.Length);
    }

    [Fact]
    public async Task TokenExchange_bad_checksum_returns_403_token_exception()
    {
        await using var host = await KiteSandboxHost.StartAsync();

        using var response = await host.ExchangeAsync(await host.LoginThroughFormAsync(), checksum: new string('0', 64));
        using var json = await KiteSandboxHost.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        KiteMocks.AssertError(json.RootElement, "TokenException", "Invalid `checksum`.");
    }

    [Fact]
    public async Task TokenExchange_unknown_api_key_invalid_api_key_before_the_checksum()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "session/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["api_key"] = "neverregistered",
                ["request_token"] = "madeuptoken",
                ["checksum"] = new string('0', 64),
            }),
        };
        request.Headers.Add("X-Kite-Version", "3");
        using var response = await host.Client.SendAsync(request);
        using var json = await KiteSandboxHost.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        KiteMocks.AssertError(json.RootElement, "TokenException", "Invalid `api_key`.");
    }

    [Fact]
    public async Task TokenExchange_never_issued_token_with_right_checksum_token_invalid()
    {
        // What the credential check relies on: a right key and secret get past the checksum to the token.
        await using var host = await KiteSandboxHost.StartAsync();

        using var response = await host.ExchangeAsync("bcprobe" + new string('a', 24));
        using var json = await KiteSandboxHost.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        KiteMocks.AssertError(json.RootElement, "TokenException", "Token is invalid or has expired.");
    }

    [Fact]
    public async Task TokenExchange_reused_request_token_returns_403_token_exception()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var requestToken = await host.LoginThroughFormAsync();
        using (var first = await host.ExchangeAsync(requestToken))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var second = await host.ExchangeAsync(requestToken);
        using var json = await KiteSandboxHost.ReadJsonAsync(second);

        Assert.Equal(HttpStatusCode.Forbidden, second.StatusCode);
        KiteMocks.AssertError(json.RootElement, "TokenException", "Token is invalid or has expired.");
    }

    [Fact]
    public async Task TokenExchange_stale_request_token_returns_403_token_exception()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var requestToken = await host.LoginThroughFormAsync();
        host.Clock!.Advance(TimeSpan.FromMinutes(5));

        using var response = await host.ExchangeAsync(requestToken);
        using var json = await KiteSandboxHost.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        KiteMocks.AssertError(json.RootElement, "TokenException", "Token is invalid or has expired.");
    }

    [Fact]
    public async Task AccessToken_at_next_0600_IST_expires()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();
        // Issued 10:00 IST on the 24th: alive at 05:59:59 IST on the 25th, dead at 06:00:00.
        host.Clock!.Advance(TimeSpan.FromHours(20) - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("user/profile", token)).Status);

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var (status, body) = await host.GetAsync("user/profile", token);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        KiteMocks.AssertError(body, "TokenException", "Incorrect `api_key` or `access_token`.");
    }

    [Fact]
    public async Task Logout_valid_token_returns_true_and_kills_token()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();

        var (status, body) = await host.CallAsync(HttpMethod.Delete, $"session/token?api_key={KiteSandboxHost.ApiKey}&access_token={token}", token);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("data").GetBoolean());
        var (after, error) = await host.GetAsync("user/profile", token);
        Assert.Equal(HttpStatusCode.Forbidden, after);
        Assert.Equal("TokenException", error.GetProperty("error_type").GetString());
    }

    [Fact]
    public async Task Api_bad_authorization_scheme_returns_403_token_exception()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "user/profile");
        request.Headers.Add("X-Kite-Version", "3");
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {KiteSandboxHost.ApiKey}:{token}");

        using var response = await host.Client.SendAsync(request);
        using var json = await KiteSandboxHost.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("TokenException", json.RootElement.GetProperty("error_type").GetString());
    }

    [Fact]
    public async Task Api_missing_kite_version_header_returns_400_input_exception()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "user/profile");
        request.Headers.TryAddWithoutValidation("Authorization", $"token {KiteSandboxHost.ApiKey}:{token}");

        using var response = await host.Client.SendAsync(request);
        using var json = await KiteSandboxHost.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InputException", json.RootElement.GetProperty("error_type").GetString());
    }

    [Fact]
    public async Task Api_unknown_route_returns_json_404()
    {
        await using var host = await KiteSandboxHost.StartAsync();

        var (status, body) = await host.GetAsync("no/such/route", "x");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("GeneralException", body.GetProperty("error_type").GetString());
    }
}
