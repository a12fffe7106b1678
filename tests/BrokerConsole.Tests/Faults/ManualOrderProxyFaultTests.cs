using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BrokerConsole.Tests.Faults;

/// <summary>
/// Issue #18 §2 out of process: manual orders through the REST API of the app under test (a child process) while the
/// proxy or the broker copy misbehaves. The answer is never a 500; a client that retries on errors (as scripts do)
/// never places an order twice; the broker's own count per tag is the assertion.
/// </summary>
[Collection(FaultSuite.Name)]
public sealed class ManualOrderProxyFaultTests(BrokerFaultHarness harness) : IAsyncLifetime, IDisposable
{
    private HttpClient _api = default!;
    private FaultSeed _seed = default!;

    public async Task InitializeAsync()
    {
        var (app, seed) = await harness.SharedAppAsync();
        _seed = seed;
        _api = new HttpClient { BaseAddress = app.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        _api.DefaultRequestHeaders.Add("X-Api-Key", seed.ApiKey);
    }

    public Task DisposeAsync() => harness.Proxy.ResetAsync();

    public void Dispose() => _api?.Dispose();

    [Fact]
    public async Task Connection_dropped_after_the_broker_accepted_answers_placed_not_500_and_a_retrying_client_places_it_once()
    {
        var posts = harness.Proxy.Watch("POST", BrokerFaultHarness.PlacePath);
        harness.Proxy.DropAfterForwarding("POST", BrokerFaultHarness.PlacePath);

        var (answer, attempts) = await PlaceWithRetriesAsync(910m);

        Assert.Equal(1, attempts);
        Assert.Equal("Placed", answer.GetProperty("outcome").GetString());
        Assert.True(answer.GetProperty("reconciled").GetBoolean(), answer.ToString());
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("orderId").GetString()));
        Assert.Equal(1, posts.Count);
        Assert.Equal(1, await harness.CountAtBrokerAsync(BrokerFaultHarness.KiteUsers[0], answer.GetProperty("tag").GetString()!));
    }

    [Fact]
    public async Task Answer_held_past_the_client_timeout_after_the_broker_accepted_is_placed_from_the_book_not_an_error()
    {
        var posts = harness.Proxy.Watch("POST", BrokerFaultHarness.PlacePath);
        // The broker has the order at once; its answer waits longer than the app's 3 s request timeout.
        harness.Proxy.DelayAnswer("POST", BrokerFaultHarness.PlacePath, TimeSpan.FromSeconds(5));

        var (answer, attempts) = await PlaceWithRetriesAsync(914m);

        Assert.Equal(1, attempts);
        Assert.Equal("Placed", answer.GetProperty("outcome").GetString());
        Assert.Contains("did not answer in time", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, posts.Count);
        Assert.Equal(1, await harness.CountAtBrokerAsync(BrokerFaultHarness.KiteUsers[0], answer.GetProperty("tag").GetString()!));
    }

    [Fact]
    public async Task Html_502_from_a_gateway_is_unknown_never_not_placed_and_a_retrying_client_sends_nothing_again()
    {
        harness.Proxy.AnswerHtml("POST", BrokerFaultHarness.PlacePath, HttpStatusCode.BadGateway);

        var (answer, attempts) = await PlaceWithRetriesAsync(911m);

        Assert.Equal(1, attempts);
        // A gateway's page is not the broker's answer: the order may have reached the broker behind it, so the answer is
        // "unknown" (never "not placed", which would invite a second order) with the cause in words and the tag to check.
        Assert.Equal("Unknown", answer.GetProperty("outcome").GetString());
        var message = answer.GetProperty("message").GetString();
        Assert.Contains("Zerodha is having trouble serving requests", message, StringComparison.Ordinal);
        Assert.Contains("may still be in flight", message, StringComparison.Ordinal);
        Assert.Contains($"no order with tag {answer.GetProperty("tag").GetString()}", message, StringComparison.Ordinal);
        Assert.Equal(0, await harness.CountAtBrokerAsync(BrokerFaultHarness.KiteUsers[0], answer.GetProperty("tag").GetString()!));
    }

    [Theory]
    [InlineData(503, "NetworkException", "Service unavailable", 912)]
    [InlineData(429, "NetworkException", "Too many requests", 913)]
    public async Task Broker_refusal_before_acceptance_is_answered_with_its_cause_and_nothing_is_placed(int status, string errorType, string message, int price)
    {
        await BrokerFaultAsync(status, errorType, message);

        var (answer, attempts) = await PlaceWithRetriesAsync(price);

        Assert.Equal(1, attempts);
        Assert.NotEqual("Placed", answer.GetProperty("outcome").GetString());
        Assert.Contains(message, answer.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await harness.CountAtBrokerAsync(BrokerFaultHarness.KiteUsers[0], answer.GetProperty("tag").GetString()!));
    }

    /// <summary>
    /// A script's usual policy: send again on a 5xx or a broken connection, up to three attempts. Returns the last
    /// answer body and how many attempts were made: a second attempt would be a second order with a new tag.
    /// </summary>
    private async Task<(JsonElement Answer, int Attempts)> PlaceWithRetriesAsync(decimal price)
    {
        var body = new
        {
            exchange = "NSE",
            tradingSymbol = "INFY",
            side = "Buy",
            quantity = 1,
            orderType = "Limit",
            product = "Cnc",
            price,
        };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await _api.PostAsJsonAsync($"/api/v1/accounts/{_seed.AccountIds[0]}/orders", body);
                var text = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode >= 500 && attempt < 3)
                {
                    continue;
                }

                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
                return (JsonDocument.Parse(text).RootElement.Clone(), attempt);
            }
            catch (HttpRequestException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>The broker copy itself refuses the next order call (its sandbox control surface), before registering it.</summary>
    private async Task BrokerFaultAsync(int status, string errorType, string message)
    {
        using var client = new HttpClient();
        using var response = await client.PostAsJsonAsync(harness.BrokerKiteRoot + "/__control/faults", new
        {
            count = 1,
            status,
            error_type = errorType,
            message,
            path_prefix = "/orders/regular",
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
