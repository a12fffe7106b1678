using System.Diagnostics;
using System.Net;

namespace BrokerConsole.Tests.Sandbox.Kite;

public sealed class KiteRateLimitAndControlTests
{
    [Fact]
    public async Task Quote_second_call_in_same_second_returns_429_and_next_second_recovers()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();

        var (first, _) = await host.GetAsync("quote/ltp?i=NSE:INFY", token);
        var (second, body) = await host.GetAsync("quote?i=NSE:INFY", token);
        host.NextSecond();
        var (third, _) = await host.GetAsync("quote/ohlc?i=NSE:INFY", token);

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal(HttpStatusCode.TooManyRequests, second);
        KiteMocks.AssertError(body, "NetworkException", "Too many requests");
        Assert.Equal(HttpStatusCode.OK, third);
    }

    [Fact]
    public async Task OtherEndpoints_eleventh_call_in_one_second_returns_429()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("user/profile", token)).Status);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await host.GetAsync("orders", token)).Status);
    }

    [Fact]
    public async Task Orders_eleventh_placement_in_one_second_returns_429()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.CallAsync(HttpMethod.Post, "orders/regular", token, KiteOrderTests.Limit("BUY", "SBIN", 1, 1))).Status);
        }

        var (status, _) = await host.CallAsync(HttpMethod.Post, "orders/regular", token, KiteOrderTests.Limit("BUY", "SBIN", 1, 1));
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
    }

    [Fact]
    public async Task Control_fail_next_n_calls_matching_prefix_then_recovers()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();

        await host.ControlAsync("faults", new { count = 1, status = 503, error_type = "NetworkException", message = "OMS down", path_prefix = "/user" });
        await host.ControlAsync("faults", new { count = 1, status = 503, error_type = "NetworkException", message = "OMS down", path_prefix = "/sandbox/kite/user" });

        var (other, _) = await host.GetAsync("orders", token);
        var (first, body) = await host.GetAsync("user/profile", token);
        var (second, _) = await host.GetAsync("user/margins", token);
        var (third, _) = await host.GetAsync("user/profile", token);

        Assert.Equal(HttpStatusCode.OK, other);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first);
        KiteMocks.AssertError(body, "NetworkException", "OMS down");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second);
        Assert.Equal(HttpStatusCode.OK, third);
    }

    [Fact]
    public async Task Control_expire_token_now_gives_token_exception()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();
        var other = await host.LoginAsync();

        var data = await host.ControlAsync("tokens/expire", new { access_token = token });

        Assert.Equal(1, data.GetProperty("expired").GetInt32());
        var (status, body) = await host.GetAsync("user/profile", token);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        KiteMocks.AssertError(body, "TokenException", "Incorrect `api_key` or `access_token`.");
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("user/profile", other)).Status);

        await host.ControlAsync("tokens/expire", new { user_id = KiteSandboxHost.UserId });
        Assert.Equal(HttpStatusCode.Forbidden, (await host.GetAsync("user/profile", other)).Status);
    }

    [Fact]
    public async Task Control_latency_delays_calls_and_reset_clears_it()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var token = await host.LoginAsync();

        await host.ControlAsync("latency", new { milliseconds = 800 });
        var watch = Stopwatch.StartNew();
        await host.GetAsync("user/profile", token);
        var slow = watch.Elapsed;
        await host.ControlAsync("reset", new { });
        watch.Restart();
        await host.GetAsync("user/profile", token);

        Assert.True(slow >= TimeSpan.FromMilliseconds(780), $"slow call took {slow}");
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(700), $"fast call took {watch.Elapsed}");
    }
}
