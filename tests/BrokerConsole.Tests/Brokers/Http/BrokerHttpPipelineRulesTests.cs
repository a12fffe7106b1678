using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Brokers.Http;

namespace BrokerConsole.Tests.Brokers.Http;

/// <summary>The pipeline's two small rules on their own: which failures a read retries, and what scrubbing keeps.</summary>
public sealed class BrokerHttpPipelineRulesTests
{
    [Theory]
    [InlineData("503", 0, true)]
    [InlineData("timeout", 0, true)]
    [InlineData("unreachable", 0, true)]
    // A body we cannot read will not read better the second time.
    [InlineData("malformed", 0, false)]
    [InlineData("429", 1, true)]
    // Our own limiter already waited its allowance: nothing was sent, and waiting again is the caller's choice.
    [InlineData("local-limit", 0, false)]
    // A pause longer than a page can wait is the caller's answer.
    [InlineData("429", 30, false)]
    [InlineData("503", 120, false)]
    [InlineData("expired", 0, false)]
    [InlineData("rejected", 0, false)]
    [InlineData("static-ip", 0, false)]
    public void A_read_is_retried_only_after_failures_that_may_pass(string failure, int retryAfterSeconds, bool expected)
    {
        BrokerApiException error = failure switch
        {
            "503" => new BrokerUnavailableException(BrokerKind.Dhan, UnavailableCause.ServerError, 503, null, null),
            "timeout" => new BrokerUnavailableException(BrokerKind.Dhan, UnavailableCause.Timeout, null, null, null),
            "unreachable" => new BrokerUnavailableException(BrokerKind.Dhan, UnavailableCause.Unreachable, null, null, null),
            "malformed" => new BrokerUnavailableException(BrokerKind.Dhan, UnavailableCause.MalformedResponse, 200, null, null),
            "429" => new RateLimitedException(BrokerKind.Fyers, 429, "-429", null, TimeSpan.FromSeconds(1), local: false),
            "local-limit" => new RateLimitedException(BrokerKind.Fyers, null, null, null, TimeSpan.FromSeconds(1), local: true),
            "expired" => new SessionExpiredException(BrokerKind.AngelOne, 200, "AG8001", null),
            "rejected" => new BrokerRejectedException(BrokerKind.AngelOne, 400, "AB1008", null),
            _ => new StaticIpRejectedException(BrokerKind.Fyers, 400, "-99", null),
        };
        TimeSpan? retryAfter = retryAfterSeconds == 0 ? null : TimeSpan.FromSeconds(retryAfterSeconds);

        Assert.Equal(expected, BrokerHttpPipeline.IsWorthRetrying(error, retryAfter));
    }

    [Fact]
    public void Scrub_removes_every_secret_trims_and_bounds_the_message()
    {
        var message = "  token tok-12345 and pin 2468 echoed; short 12 kept  " + new string('x', 600);

        var scrubbed = BrokerSecrets.Scrub(message, ["tok-12345", "2468", "12", null])!;

        Assert.StartsWith("token [redacted] and pin [redacted] echoed; short 12 kept", scrubbed, StringComparison.Ordinal);
        Assert.Equal(BrokerSecrets.MaxMessageLength, scrubbed.Length);
    }

    [Fact]
    public void A_response_prints_its_status_never_its_body_or_the_secrets()
    {
        var response = new BrokerResponse(403, """{"message":"token tok-12345 refused"}""", null, ["tok-12345"]);

        Assert.Equal("BrokerResponse { Status = 403 }", response.ToString());
    }

    [Theory]
    [InlineData("Order requests are allowed only from the whitelisted IP addresses of this app; request came from 10.0.0.5.", true)]
    [InlineData("Order rejected: request IP 10.0.0.5 is not the static IP registered for this client.", true)]
    [InlineData("Invalid IP.", false)]
    [InlineData("Insufficient funds: registered margin exceeded", false)]
    public void Static_ip_refusal_is_recognised_by_its_wording(string message, bool expected) =>
        Assert.Equal(expected, StaticIpRefusal.Matches(message));
}
