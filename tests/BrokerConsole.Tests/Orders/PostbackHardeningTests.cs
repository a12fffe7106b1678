using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Orders;
using BrokerConsole.Tests.Sandbox.Kite;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Orders;

/// <summary>Issue #17 §6: repeats ignored, stale timestamps refused, oversized bodies refused even when chunked, log lines escaped.</summary>
[Collection(nameof(OrdersSandboxGroup))]
public sealed class PostbackHardeningTests(SharedApp<OrdersSandbox> app)
{
    private static string Checksum(string orderId, string timestamp) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(orderId + timestamp + KiteSandboxHost.ApiSecret)));

    private static Dictionary<string, object> Payload(string orderId, string timestamp, string status) => new()
    {
        ["user_id"] = KiteSandboxHost.UserId,
        ["order_id"] = orderId,
        ["order_timestamp"] = timestamp,
        ["checksum"] = Checksum(orderId, timestamp),
        ["status"] = status,
        ["tradingsymbol"] = "INFY",
    };

    private static string NewOrderId() => "2512" + RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private (List<OrderUpdate> Received, IDisposable Subscription) Listen(string userId)
    {
        var received = new List<OrderUpdate>();
        var subscription = app.Services.GetRequiredService<UserEventHub<OrderUpdate>>()
            .Subscribe(userId, u => { lock (received) { received.Add(u); } return Task.CompletedTask; });
        return (received, subscription);
    }

    [Fact]
    public async Task A_repeated_postback_with_the_same_status_is_acknowledged_and_ignored_a_new_status_is_not()
    {
        await using var owner = await app.NewTraderWithSessionAsync(connect: false);
        var (received, subscription) = Listen(owner.UserId);
        using var _ = subscription;
        using var client = app.CreateClient();
        var orderId = NewOrderId();
        var timestamp = PostbackAndPortfolioTests.KiteTimestamp(app.Clock);

        using var first = await client.PostAsJsonAsync("/postbacks/zerodha", Payload(orderId, timestamp, "OPEN"));
        using var again = await client.PostAsJsonAsync("/postbacks/zerodha", Payload(orderId, timestamp, "OPEN"));
        using var filled = await client.PostAsJsonAsync("/postbacks/zerodha", Payload(orderId, timestamp, "COMPLETE"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, filled.StatusCode);
        lock (received)
        {
            Assert.Equal(["OPEN", "COMPLETE"], received.Where(u => u.OrderId == orderId).Select(u => u.Status));
        }
    }

    [Fact]
    public async Task A_postback_stamped_more_than_ten_minutes_from_now_is_refused()
    {
        await using var owner = await app.NewTraderWithSessionAsync(connect: false);
        var (received, subscription) = Listen(owner.UserId);
        using var _ = subscription;
        using var client = app.CreateClient();

        using var old = await client.PostAsJsonAsync("/postbacks/zerodha", Payload(NewOrderId(), PostbackAndPortfolioTests.KiteTimestamp(app.Clock, -11 * 60), "COMPLETE"));
        using var future = await client.PostAsJsonAsync("/postbacks/zerodha", Payload(NewOrderId(), PostbackAndPortfolioTests.KiteTimestamp(app.Clock, 11 * 60), "COMPLETE"));
        using var late = await client.PostAsJsonAsync("/postbacks/zerodha", Payload(NewOrderId(), PostbackAndPortfolioTests.KiteTimestamp(app.Clock, -9 * 60), "COMPLETE"));

        Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        lock (received)
        {
            Assert.Single(received);
        }
    }

    [Fact]
    public async Task A_body_over_64_KB_is_refused_with_or_without_content_length()
    {
        using var client = app.CreateClient();
        var big = Encoding.UTF8.GetBytes("{\"user_id\":\"" + new string('A', 70 * 1024) + "\"}");

        using var declared = await client.PostAsync("/postbacks/zerodha", new ByteArrayContent(big));
        var chunkedContent = new StreamContent(new UnseekableStream(big));
        chunkedContent.Headers.ContentLength = null;
        using var chunked = await client.PostAsync("/postbacks/zerodha", chunkedContent);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
    }

    [Fact]
    public async Task Control_characters_in_a_postback_never_reach_the_log_as_they_are()
    {
        await using var owner = await app.NewTraderWithSessionAsync(connect: false);
        using var client = app.CreateClient();
        const string forged = "COMPLETE\r\ninfo: Admin signed in";

        using var response = await client.PostAsJsonAsync("/postbacks/zerodha", Payload(NewOrderId(), PostbackAndPortfolioTests.KiteTimestamp(app.Clock), forged));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(forged, app.Logs.AllText, StringComparison.Ordinal);
        Assert.Contains("COMPLETE\\u000d\\u000ainfo: Admin signed in", app.Logs.AllText, StringComparison.Ordinal);
    }

    /// <summary>A stream whose length is unknown, so the client sends it chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
