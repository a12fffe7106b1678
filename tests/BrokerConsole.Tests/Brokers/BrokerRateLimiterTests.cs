using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Brokers;

/// <summary>
/// The shared per-second limiter on a fake clock: brokers count calendar seconds, so no calendar second may ever see
/// more than the limit, whatever our own alignment (the boundary case that made a 1/s quote endpoint answer 429).
/// </summary>
public sealed class BrokerRateLimiterTests
{
    private static readonly DateTimeOffset _start = new(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Second_request_across_a_calendar_second_boundary_waits_a_full_window()
    {
        // 0.98 s into a calendar second: a fixed window of our own would let the next call go at 1.00 s.
        var clock = new FakeTimeProvider(_start.AddMilliseconds(980));
        var limiter = new BrokerRateLimiter<string>(BrokerKind.Zerodha, _ => 1, TimeSpan.FromSeconds(5), clock);
        await limiter.AcquireAsync("key", CancellationToken.None);

        var second = limiter.AcquireAsync("key", CancellationToken.None).AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(40));
        await Task.Yield();
        Assert.False(second.IsCompleted, "The second call went out 40 ms later, in the broker's next calendar second with the first still inside it by our count.");
        clock.Advance(TimeSpan.FromMilliseconds(1100));
        await Task.Yield();
        Assert.False(second.IsCompleted, "A full window (one second plus the jitter margin) must pass after the first start.");
        clock.Advance(TimeSpan.FromMilliseconds(70));
        await second.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Starts_never_exceed_the_limit_in_any_calendar_second()
    {
        var clock = new FakeTimeProvider(_start.AddMilliseconds(730));
        var limiter = new BrokerRateLimiter<string>(BrokerKind.AngelOne, _ => 3, TimeSpan.FromSeconds(30), clock);
        var starts = new List<DateTimeOffset>();
        var calls = Enumerable.Range(0, 12).Select(async _ =>
        {
            await limiter.AcquireAsync("key", CancellationToken.None);
            lock (starts)
            {
                starts.Add(clock.GetUtcNow());
            }
        }).ToList();

        for (var step = 0; step < 600 && calls.Any(c => !c.IsCompleted); step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(1);
        }

        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(12, starts.Count);
        Assert.All(starts.GroupBy(s => s.ToUnixTimeSeconds()), second => Assert.True(second.Count() <= 3, $"{second.Count()} starts in one calendar second"));
    }

    [Fact]
    public async Task Keys_do_not_share_a_window()
    {
        var clock = new FakeTimeProvider(_start);
        var limiter = new BrokerRateLimiter<string>(BrokerKind.Zerodha, _ => 1, TimeSpan.FromSeconds(5), clock);
        await limiter.AcquireAsync("app-a", CancellationToken.None);
        await limiter.AcquireAsync("app-b", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Waiting_longer_than_allowed_is_refused_locally_and_nothing_is_sent()
    {
        var clock = new FakeTimeProvider(_start);
        var limiter = new BrokerRateLimiter<string>(BrokerKind.Zerodha, _ => 1, TimeSpan.FromMilliseconds(300), clock);
        await limiter.AcquireAsync("key", CancellationToken.None);
        var second = limiter.AcquireAsync("key", CancellationToken.None).AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(301));
        var refused = await Assert.ThrowsAsync<RateLimitedException>(() => second.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(refused.IsLocal);
        Assert.Contains("was not sent", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/orders", "Order")]
    [InlineData("PUT", "/orders/112111182198", "Order")]
    [InlineData("DELETE", "/orders/112111182198", "Order")]
    [InlineData("GET", "/orders", "NonTrading")]
    [InlineData("GET", "/holdings", "NonTrading")]
    [InlineData("POST", "/marketfeed/ltp", "Quote")]
    public void Dhan_calls_fall_in_the_reference_rate_classes(string method, string path, string expected)
    {
        Assert.Equal(expected, Core.Brokers.Dhan.DhanRateLimiter.Classify(new HttpMethod(method), path).ToString());
        Assert.Equal(expected switch { "Order" => 10, "Quote" => 1, _ => 20 }, Core.Brokers.Dhan.DhanRateLimiter.PerSecond(Core.Brokers.Dhan.DhanRateLimiter.Classify(new HttpMethod(method), path)));
    }
}
