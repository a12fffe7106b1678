using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BrokerConsole.Tests.Sandbox.Kite;

public sealed class KitePostbackTests
{
    [Fact]
    public async Task Postback_on_fill_posts_raw_json_with_valid_checksum()
    {
        var received = new BlockingCollection<string>();
        var receiverBuilder = WebApplication.CreateBuilder();
        receiverBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        receiverBuilder.Logging.ClearProviders();
        await using var receiver = receiverBuilder.Build();
        receiver.MapPost("/postback", async (HttpContext http) =>
        {
            Assert.Equal("application/json", http.Request.ContentType?.Split(';')[0]);
            using var reader = new StreamReader(http.Request.Body);
            received.Add(await reader.ReadToEndAsync());
            return Results.Ok();
        });
        await receiver.StartAsync();
        var receiverUrl = receiver.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

        await using var host = await KiteSandboxHost.StartAsync(s =>
        {
            s["Sandbox:Kite:Apps:0:PostbackUrl"] = receiverUrl + "/postback";
            s["Sandbox:Kite:Apps:0:AppId"] = "4321";
        });
        var token = await host.LoginAsync();
        var orderId = await KiteOrderTests.Place(host, token, KiteOrderTests.Market("BUY", "SBIN", 1));

        Assert.True(received.TryTake(out var body, TimeSpan.FromSeconds(10)), "no postback arrived");
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        KiteMocks.AssertSameKeys(KiteMocks.Data("postback.json"), root);
        Assert.Equal(orderId, root.GetProperty("order_id").GetString());
        Assert.Equal("COMPLETE", root.GetProperty("status").GetString());
        Assert.Equal(4321, root.GetProperty("app_id").GetInt32());
        Assert.Equal(KiteSandboxHost.UserId, root.GetProperty("user_id").GetString());
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            orderId + root.GetProperty("order_timestamp").GetString() + KiteSandboxHost.ApiSecret)));
        Assert.Equal(expected, root.GetProperty("checksum").GetString());
        await receiver.StopAsync();
    }

    [Fact]
    public async Task Postback_to_dead_receiver_does_not_break_the_order_flow()
    {
        await using var host = await KiteSandboxHost.StartAsync(s => s["Sandbox:Kite:Apps:0:PostbackUrl"] = "http://127.0.0.1:9/postback");
        var token = await host.LoginAsync();

        var orderId = await KiteOrderTests.Place(host, token, KiteOrderTests.Market("BUY", "SBIN", 1));

        Assert.Equal("COMPLETE", (await KiteOrderTests.FindOrder(host, token, orderId)).GetProperty("status").GetString());
    }

    [Fact]
    public void PostbackChecksum_matches_reference_test_vector()
    {
        var checksum = BrokerConsole.Sandbox.Kite.KitePostbacks.Checksum("220303000308932", "2022-03-03 09:24:25", "sec789");

        Assert.Equal("da731e84e773552b01ee900752e6cd2441a05f02e01c8057726380ea93fd60b1", checksum);
    }
}
