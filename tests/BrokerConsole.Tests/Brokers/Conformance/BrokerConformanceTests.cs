using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;

namespace BrokerConsole.Tests.Brokers.Conformance;

/// <summary>
/// What <see cref="IBrokerClient"/> promises, checked the same way for every broker against its sandbox over loopback
/// HTTP: reads are retried after a transient failure (backoff) and after a throttle (the broker's <c>Retry-After</c>),
/// orders are sent once whatever happens, and the static-IP refusal reads the same everywhere. No test sleeps: the
/// pipeline's waits run on a <see cref="WireClock"/> the test advances when the wait has started.
/// </summary>
public sealed class BrokerConformanceTests(BrokerConformanceHost host) : IClassFixture<BrokerConformanceHost>, IAsyncLifetime
{
    private static readonly TimeSpan _guard = TimeSpan.FromSeconds(30);

    private readonly BrokerConformanceHost _host = host;

    public static TheoryData<BrokerKind> Brokers => [BrokerKind.Zerodha, BrokerKind.AngelOne, BrokerKind.Fyers, BrokerKind.Dhan];

    public Task InitializeAsync() => _host.BeginScenarioAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(Brokers))]
    public async Task A_read_is_retried_after_a_503_with_backoff(BrokerKind broker)
    {
        var client = await _host.ConnectAsync(broker);
        var path = BrokerConformanceHost.ProfilePath(broker);
        await _host.InjectAsync(broker, path, 503);

        var reading = client.GetProfileAsync(CancellationToken.None);
        var backoff = await _host.Clock.AdvancePastNextWaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).WaitAsync(_guard);
        var profile = await reading.WaitAsync(_guard);

        Assert.False(string.IsNullOrEmpty(profile.UserId));
        Assert.Equal(2, _host.Requests.Count(HttpMethod.Get, path));
        Assert.InRange(backoff, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(5));
    }

    [Theory]
    [MemberData(nameof(Brokers))]
    public async Task A_read_is_retried_after_a_429_once_its_Retry_After_has_passed(BrokerKind broker)
    {
        var client = await _host.ConnectAsync(broker);
        var path = BrokerConformanceHost.ProfilePath(broker);
        await _host.InjectAsync(broker, path, 429, retryAfter: 2);

        var reading = client.GetProfileAsync(CancellationToken.None);
        var wait = await _host.Clock.AdvancePastNextWaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).WaitAsync(_guard);
        await reading.WaitAsync(_guard);

        // Exactly the broker's pause: not the 200 ms backoff, not the 1 s default for a 429 without a header.
        Assert.Equal(TimeSpan.FromSeconds(2), wait);
        Assert.Equal(2, _host.Requests.Count(HttpMethod.Get, path));
    }

    [Theory]
    [MemberData(nameof(Brokers))]
    public async Task A_Retry_After_longer_than_a_page_can_wait_is_the_callers_answer(BrokerKind broker)
    {
        var client = await _host.ConnectAsync(broker);
        var path = BrokerConformanceHost.ProfilePath(broker);
        await _host.InjectAsync(broker, path, 429, retryAfter: 60);

        var error = await Assert.ThrowsAsync<RateLimitedException>(() => client.GetProfileAsync(CancellationToken.None).WaitAsync(_guard));

        Assert.False(error.IsLocal);
        Assert.Equal(1, _host.Requests.Count(HttpMethod.Get, path));
    }

    [Theory]
    [MemberData(nameof(Brokers))]
    public async Task An_order_is_sent_once_after_a_503(BrokerKind broker)
    {
        var client = await _host.ConnectAsync(broker);
        var path = BrokerConformanceHost.OrderPath(broker);
        await _host.InjectAsync(broker, path, 503, retryAfter: 1, count: 3);

        var error = await Assert.ThrowsAsync<BrokerUnavailableException>(() => client.PlaceOrderAsync(BrokerConformanceHost.SampleOrder(broker), CancellationToken.None).WaitAsync(_guard));

        Assert.Equal(503, error.HttpStatus);
        Assert.Equal(1, _host.Requests.Count(HttpMethod.Post, path));
    }

    [Theory]
    [MemberData(nameof(Brokers))]
    public async Task A_static_IP_refusal_is_the_same_exception_and_words_for_every_broker(BrokerKind broker)
    {
        var client = await _host.ConnectAsync(broker);
        var name = broker == BrokerKind.AngelOne ? "Angel One" : broker.ToString();

        var error = await Assert.ThrowsAsync<StaticIpRejectedException>(() => client.PlaceOrderAsync(BrokerConformanceHost.SampleOrder(broker), CancellationToken.None).WaitAsync(_guard));

        Assert.StartsWith(
            $"{name} refused the order because it did not come from the static IP registered for this API app. "
            + $"Register this server's public IP with {name} (or place orders from the registered IP).",
            error.Message,
            StringComparison.Ordinal);
        Assert.Equal(1, _host.Requests.Count(HttpMethod.Post, BrokerConformanceHost.OrderPath(broker)));
        // Reads are not gated by the rule.
        Assert.NotNull(await client.GetProfileAsync(CancellationToken.None).WaitAsync(_guard));
    }
}
