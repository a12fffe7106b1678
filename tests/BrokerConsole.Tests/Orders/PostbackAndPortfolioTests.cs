using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Portfolio;
using BrokerConsole.Tests.Sandbox.Kite;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Orders;

/// <summary>Postback endpoint (checksum) and the portfolio service against the sandbox.</summary>
[Collection(nameof(OrdersSandboxGroup))]
public sealed class PostbackAndPortfolioTests(SharedApp<OrdersSandbox> app)
{
    /// <summary>Kite's order_timestamp (IST, no zone) for the app's clock now, give or take some seconds.</summary>
    internal static string KiteTimestamp(TimeProvider clock, double seconds = 0) =>
        clock.GetUtcNow().ToOffset(TimeSpan.FromHours(5.5)).AddSeconds(seconds).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    private static string Checksum(string orderId, string timestamp, string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(orderId + timestamp + secret)));

    private static Dictionary<string, object> Payload(string orderId, string timestamp, string checksum, string userId = KiteSandboxHost.UserId) => new Dictionary<string, object>
    {
        ["user_id"] = userId,
        ["app_id"] = 1,
        ["order_id"] = orderId,
        ["order_timestamp"] = timestamp,
        ["checksum"] = checksum,
        ["status"] = "COMPLETE",
        ["tradingsymbol"] = "INFY",
        ["exchange"] = "NSE",
        ["quantity"] = 1,
    };

    [Fact]
    public async Task Postback_with_valid_checksum_is_accepted_and_reaches_the_owners_tabs_only()
    {
        await using var owner = await app.NewTraderWithSessionAsync(connect: false);
        var notifier = app.Services.GetRequiredService<UserEventHub<OrderUpdate>>();
        var received = new List<OrderUpdate>();
        var strangerReceived = new List<OrderUpdate>();
        using var subscription = notifier.Subscribe(owner.UserId, u => { lock (received) { received.Add(u); } return Task.CompletedTask; });
        using var strangerSubscription = notifier.Subscribe("someone-else", u => { strangerReceived.Add(u); return Task.CompletedTask; });
        using var client = app.CreateClient();
        const string orderId = "251124000099001";
        var timestamp = KiteTimestamp(app.Clock);

        using var response = await client.PostAsJsonAsync("/postbacks/zerodha", Payload(orderId, timestamp, Checksum(orderId, timestamp, KiteSandboxHost.ApiSecret)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var update = Assert.Single(received, u => u.AccountId == owner.AccountId);
        Assert.Equal(orderId, update.OrderId);
        Assert.Equal("COMPLETE", update.Status);
        Assert.Empty(strangerReceived);
    }

    [Fact]
    public async Task Postback_with_bad_checksum_or_unknown_client_is_refused_without_logging_secrets()
    {
        await using var owner = await app.NewTraderWithSessionAsync(connect: false);
        var received = 0;
        using var subscription = app.Services.GetRequiredService<UserEventHub<OrderUpdate>>().Subscribe(owner.UserId, _ => { Interlocked.Increment(ref received); return Task.CompletedTask; });
        using var client = app.CreateClient();
        const string orderId = "251124000099002";
        var timestamp = KiteTimestamp(app.Clock);
        var forged = Checksum(orderId, timestamp, "not-the-secret");

        using var bad = await client.PostAsJsonAsync("/postbacks/zerodha", Payload(orderId, timestamp, forged));
        using var tampered = await client.PostAsJsonAsync("/postbacks/zerodha", Payload(orderId, KiteTimestamp(app.Clock, 1), Checksum(orderId, timestamp, KiteSandboxHost.ApiSecret)));
        using var unknown = await client.PostAsJsonAsync("/postbacks/zerodha", Payload(orderId, timestamp, Checksum(orderId, timestamp, KiteSandboxHost.ApiSecret), userId: "ZZ9999"));
        using var malformed = await client.PostAsync("/postbacks/zerodha", new StringContent("{not json", Encoding.UTF8, "application/json"));
        using var missing = await client.PostAsJsonAsync("/postbacks/zerodha", new { user_id = KiteSandboxHost.UserId });

        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(0, received);
        Assert.DoesNotContain(forged, app.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(KiteSandboxHost.ApiSecret, app.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Portfolio_loads_live_accounts_lists_the_rest_and_makes_one_quote_call()
    {
        await using var trader = await app.NewTraderWithSessionAsync(displayName: "Live");
        await trader.Accounts.CreateAsync(new Core.Accounts.AccountDraft
        {
            Broker = Core.Accounts.BrokerKind.Zerodha,
            DisplayName = "Never logged in",
            ClientId = "TB0001",
            Environment = Core.Accounts.AccountEnvironment.Sandbox,
            ApiKey = "otherkey01",
            ApiSecret = "othersecret01",
            RedirectUrl = KiteSandboxHost.RedirectUrl,
        });
        await app.Sandbox.ControlAsync("reset", new { orders = false, sessions = false });

        var portfolio = await trader.Portfolio.LoadAsync();

        var live = Assert.Single(portfolio.Accounts);
        Assert.Equal("Live", live.DisplayName);
        var issue = Assert.Single(portfolio.Issues);
        Assert.Equal("Never logged in", issue.DisplayName);
        Assert.Equal(AccountIssueKind.NoSession, issue.Kind);
        var infy = Assert.Single(portfolio.Holdings, h => h.Instrument == new InstrumentKey("NSE", "INFY"));
        Assert.True(infy.Quantity >= 10);
        Assert.True(infy.LastPrice > 0);
        Assert.Equal(infy.Accounts.Sum(a => a.Pnl), infy.Pnl);
        Assert.True(portfolio.TotalFunds > 0);
        Assert.Equal(4, portfolio.BrokerCalls); // funds, positions, holdings + one LTP batch
    }

    [Fact]
    public async Task Portfolio_lists_an_account_whose_broker_fails_with_the_reason()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        await app.Sandbox.ControlAsync("faults", new { count = 1, status = 503, error_type = "NetworkException", message = "down", path_prefix = "/user/margins" });
        try
        {
            var portfolio = await trader.Portfolio.LoadAsync();

            Assert.Empty(portfolio.Accounts);
            var issue = Assert.Single(portfolio.Issues);
            Assert.Equal(AccountIssueKind.Unreachable, issue.Kind);
            Assert.Equal(0m, portfolio.TotalFunds);
        }
        finally
        {
            await app.Sandbox.ControlAsync("reset", new { orders = false, sessions = false });
        }
    }

    [Fact]
    public async Task Portfolio_and_orders_list_an_account_the_broker_rate_limits_or_whose_session_expired()
    {
        await using var trader = await app.NewTraderWithSessionAsync();
        await app.Sandbox.ControlAsync("faults", new { count = 1, status = 429, error_type = "NetworkException", message = "Too many requests", path_prefix = "/user/margins" });
        try
        {
            var limited = await trader.Portfolio.LoadAsync();

            Assert.Equal(AccountIssueKind.RateLimited, Assert.Single(limited.Issues).Kind);
        }
        finally
        {
            await app.Sandbox.ControlAsync("reset", new { orders = false, sessions = false });
        }

        await app.Sandbox.ControlAsync("tokens/expire", new { user_id = KiteSandboxHost.UserId });
        var expired = await trader.Orders.GetTodayAsync();
        var afterwards = await trader.Portfolio.LoadAsync();

        Assert.Equal(AccountIssueKind.Expired, Assert.Single(expired.Issues).Kind);
        // The first failure marked the session expired, so the next load does not even call the broker.
        Assert.Equal(AccountIssueKind.Expired, Assert.Single(afterwards.Issues).Kind);
        Assert.Equal(0, afterwards.BrokerCalls);
    }
}
