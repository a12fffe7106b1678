using System.Net;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Brokers.Zerodha;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Brokers.Zerodha;

/// <summary>Kite's 400 order requests a minute and 5,000 placements a day, per Zerodha user, enforced before sending (fake clock).</summary>
public sealed class KiteOrderCapTests
{
    private static readonly Uri _root = new("https://api.kite.trade");

    // 09:29:58 UTC = 14:59:58 IST on a Tuesday: two seconds before a minute boundary.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 29, 58, TimeSpan.Zero));

    private KiteOrderCaps Caps(int perMinute = 400, int perDay = 5000) =>
        new(Options.Create(new ZerodhaOptions { OrderRequestsPerMinute = perMinute, OrdersPerDay = perDay }), _clock);

    [Fact]
    public void Per_minute_cap_refuses_the_401st_request_until_the_next_calendar_minute()
    {
        var caps = Caps();
        for (var i = 0; i < 400; i++)
        {
            caps.Take(_root, "AB1234", placement: i % 2 == 0);
        }

        var refused = Assert.Throws<RateLimitedException>(() => caps.Take(_root, "AB1234", placement: true));
        Assert.True(refused.IsLocal);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.RetryAfter);
        Assert.Contains("400 order requests a minute for user AB1234", refused.Message, StringComparison.Ordinal);
        Assert.Contains("resets at 15:00:00 IST", refused.Message, StringComparison.Ordinal);

        // Another user of the same app has their own count; the same user id at another broker root (sandbox) too.
        caps.Take(_root, "CD5678", placement: true);
        caps.Take(new Uri("http://127.0.0.1:5080/sandbox/kite"), "AB1234", placement: true);

        _clock.Advance(TimeSpan.FromSeconds(2));
        caps.Take(_root, "AB1234", placement: true);
    }

    [Fact]
    public void Daily_cap_counts_placements_only_and_resets_at_ist_midnight()
    {
        var caps = Caps(perMinute: 100_000, perDay: 3);
        caps.Take(_root, "AB1234", placement: true);
        caps.Take(_root, "AB1234", placement: true);
        // Modifications and cancels count per minute, not per day.
        caps.Take(_root, "AB1234", placement: false);
        caps.Take(_root, "AB1234", placement: true);

        var refused = Assert.Throws<RateLimitedException>(() => caps.Take(_root, "AB1234", placement: true));
        Assert.Contains("3 orders a day for user AB1234", refused.Message, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.FromHours(5.5)) - _clock.GetUtcNow(), refused.RetryAfter);
        caps.Take(_root, "AB1234", placement: false);

        // 23:59:59 IST is still the same day; midnight IST starts a new count.
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 18, 29, 59, TimeSpan.Zero));
        Assert.Throws<RateLimitedException>(() => caps.Take(_root, "AB1234", placement: true));
        _clock.Advance(TimeSpan.FromSeconds(1));
        caps.Take(_root, "AB1234", placement: true);
    }

    [Fact]
    public async Task Client_refuses_over_the_cap_without_sending_and_counts_per_session_user()
    {
        var handler = new FakeKiteHandler();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddBrokerClients(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Brokers:Zerodha:OrderRequestsPerMinute"] = "2",
        }).Build());
        services.AddHttpClient(KiteTransport.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IBrokerClientFactory>();
        IBrokerClient For(string user, string token) =>
            factory.Create(new BrokerConnection(BrokerKind.Zerodha, AccountEnvironment.Live, "key123", token) { ClientId = user });
        var order = new OrderRequest { TradingSymbol = "INFY", Exchange = "NSE", Side = TransactionType.Buy, Quantity = 1, OrderType = OrderType.Limit, Price = 1000m, Product = ProductType.Cnc };
        for (var i = 0; i < 3; i++)
        {
            handler.ThenJson(HttpStatusCode.OK, """{"status":"success","data":{"order_id":"1"}}""");
        }

        var first = For("AB1234", "tok-1");
        await first.PlaceOrderAsync(order, CancellationToken.None);
        await first.CancelOrderAsync("1", OrderVariety.Regular, null, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<RateLimitedException>(() => first.PlaceOrderAsync(order, CancellationToken.None));
        Assert.Contains("the order was not sent", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, handler.Requests.Count);

        // The same api_key with another user's session is not held back by AB1234's count.
        await For("CD5678", "tok-2").PlaceOrderAsync(order, CancellationToken.None);
        Assert.Equal(3, handler.Requests.Count);
    }
}
