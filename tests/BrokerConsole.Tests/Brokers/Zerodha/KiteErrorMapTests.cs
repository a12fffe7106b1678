using System.Net;
using System.Net.Sockets;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Brokers.Zerodha;

namespace BrokerConsole.Tests.Brokers.Zerodha;

public sealed class KiteErrorMapTests
{
    private readonly CancellationToken _ct = CancellationToken.None;

    public static TheoryData<int, string?, string, Type> Table => new()
    {
        { 403, "TokenException", "Incorrect `api_key` or `access_token`.", typeof(SessionExpiredException) },
        { 400, "TokenException", "Token is invalid or has expired.", typeof(SessionExpiredException) },
        { 403, "PermissionException", "Insufficient permission for that call.", typeof(PermissionDeniedException) },
        { 429, "NetworkException", "Too many requests", typeof(RateLimitedException) },
        { 429, null, "", typeof(RateLimitedException) },
        { 503, "NetworkException", "Too many requests", typeof(RateLimitedException) },
        { 400, "InputException", "Missing tradingsymbol", typeof(BrokerRejectedException) },
        { 400, "MarginException", "Insufficient funds.", typeof(BrokerRejectedException) },
        { 400, "HoldingException", "Insufficient holdings.", typeof(BrokerRejectedException) },
        { 500, "OrderException", "Order not found.", typeof(BrokerRejectedException) },
        { 403, "UserException", "Account blocked.", typeof(BrokerRejectedException) },
        { 428, null, "10 quantity needs authorisation at depository.", typeof(BrokerRejectedException) },
        { 404, null, "Not found", typeof(BrokerRejectedException) },
        { 503, "NetworkException", "Couldn't reach the OMS.", typeof(BrokerUnavailableException) },
        { 502, "DataException", "Couldn't parse the OMS response.", typeof(BrokerUnavailableException) },
        { 500, "GeneralException", "Something went wrong.", typeof(BrokerUnavailableException) },
        { 502, null, "", typeof(BrokerUnavailableException) },
        { 503, null, "", typeof(BrokerUnavailableException) },
        { 504, null, "", typeof(BrokerUnavailableException) },
        { 403, null, "", typeof(PermissionDeniedException) },
        { 302, null, "", typeof(UnclassifiedBrokerException) },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Map_status_and_error_type_gives_documented_exception(int status, string? errorType, string message, Type expected)
    {
        var mapped = KiteErrorMap.Map(status, errorType, message);

        Assert.IsType(expected, mapped);
        Assert.Equal(BrokerKind.Zerodha, mapped.Broker);
        Assert.Equal(status, mapped.HttpStatus);
        Assert.Equal(errorType, mapped.ErrorCode);
    }

    [Fact]
    public void Map_permission_exception_403_is_not_session_expired()
    {
        var mapped = KiteErrorMap.Map(403, "PermissionException", "Insufficient permission for that call.");

        Assert.IsNotType<SessionExpiredException>(mapped);
        Assert.IsType<PermissionDeniedException>(mapped);
    }

    [Fact]
    public async Task Client_token_exception_response_throws_session_expired_with_details()
    {
        using var host = new KiteTestHost();
        host.Handler.ThenError(HttpStatusCode.Forbidden, "TokenException", "Incorrect `api_key` or `access_token`.");

        var ex = await Assert.ThrowsAsync<SessionExpiredException>(() => host.Client().GetProfileAsync(_ct));

        Assert.Equal(403, ex.HttpStatus);
        Assert.Equal("TokenException", ex.ErrorCode);
        Assert.Equal("Incorrect `api_key` or `access_token`.", ex.BrokerMessage);
        Assert.Contains("Log in to Zerodha again", ex.Message, StringComparison.Ordinal);
        Assert.Single(host.Handler.Requests);
    }

    [Fact]
    public async Task Client_429_with_retry_after_throws_rate_limited_with_delay()
    {
        using var host = new KiteTestHost();
        host.Handler.ThenJson(
            HttpStatusCode.TooManyRequests,
            """{"status":"error","message":"Too many requests","error_type":"NetworkException","data":null}""",
            r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7)));

        var ex = await Assert.ThrowsAsync<RateLimitedException>(() => host.Client().GetOrdersAsync(_ct));

        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
        Assert.False(ex.IsLocal);
        Assert.Single(host.Handler.Requests);
    }

    [Fact]
    public async Task Client_html_502_from_proxy_throws_unavailable_server_error()
    {
        using var host = new KiteTestHost(new Dictionary<string, string?> { ["Brokers:Zerodha:ReadRetryCount"] = "0" });
        host.Handler.Then((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>502</html>") }));

        var ex = await Assert.ThrowsAsync<BrokerUnavailableException>(() => host.Client().GetOrdersAsync(_ct));

        Assert.Equal(UnavailableCause.ServerError, ex.Cause);
        Assert.Equal(502, ex.HttpStatus);
    }

    [Fact]
    public async Task Client_connection_refused_throws_unavailable_unreachable()
    {
        using var host = new KiteTestHost(new Dictionary<string, string?> { ["Brokers:Zerodha:ReadRetryCount"] = "0" });
        host.Handler.ThenThrow(new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)));

        var ex = await Assert.ThrowsAsync<BrokerUnavailableException>(() => host.Client().GetProfileAsync(_ct));

        Assert.Equal(UnavailableCause.Unreachable, ex.Cause);
        Assert.Null(ex.HttpStatus);
        Assert.Contains("could not be reached", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_real_closed_loopback_port_throws_unavailable_unreachable()
    {
        using var host = new KiteTestHost(
            new Dictionary<string, string?> { ["Brokers:Zerodha:ApiRoot"] = "http://127.0.0.1:1", ["Brokers:Zerodha:ReadRetryCount"] = "0" },
            useFakeHandler: false);

        var ex = await Assert.ThrowsAsync<BrokerUnavailableException>(() => host.Client().GetProfileAsync(_ct));

        Assert.Equal(UnavailableCause.Unreachable, ex.Cause);
    }

    [Fact]
    public async Task Client_no_answer_within_timeout_throws_unavailable_timeout()
    {
        using var host = new KiteTestHost(new Dictionary<string, string?>
        {
            ["Brokers:Zerodha:RequestTimeout"] = "00:00:00.200",
            ["Brokers:Zerodha:ReadRetryCount"] = "0",
        });
        host.Handler.ThenHang();

        var ex = await Assert.ThrowsAsync<BrokerUnavailableException>(() => host.Client().GetProfileAsync(_ct));

        Assert.Equal(UnavailableCause.Timeout, ex.Cause);
        Assert.Contains("did not answer in time", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_caller_cancellation_stays_operation_canceled()
    {
        using var host = new KiteTestHost();
        host.Handler.ThenHang();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Client().GetProfileAsync(cts.Token));
    }

    [Fact]
    public async Task Client_broker_message_echoing_token_is_scrubbed_from_exception()
    {
        const string Canary = "CANARYaccessTOKEN987";
        using var host = new KiteTestHost();
        host.Handler.ThenError(HttpStatusCode.Forbidden, "TokenException", $"Token {Canary} is invalid or has expired.");

        var ex = await Assert.ThrowsAsync<SessionExpiredException>(() => host.Client(Canary).GetProfileAsync(_ct));

        Assert.DoesNotContain(Canary, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("[redacted]", ex.BrokerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExchangeRequestToken_bad_checksum_message_carries_no_secret_token_or_checksum()
    {
        const string Secret = "SECRETcanary123";
        const string RequestToken = "REQUESTcanary456";
        var checksum = KiteChecksum.Compute("key123", RequestToken, Secret);
        using var host = new KiteTestHost();
        host.Handler.ThenError(HttpStatusCode.Forbidden, "TokenException", $"Invalid `checksum`. got {checksum} for {RequestToken} {Secret}");

        var ex = await Assert.ThrowsAsync<SessionExpiredException>(() =>
            host.Exchanger.ExchangeRequestTokenAsync(AccountEnvironment.Live, "key123", Secret, RequestToken, _ct));

        foreach (var secret in new[] { Secret, RequestToken, checksum })
        {
            Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
        }

        Assert.Single(host.Handler.Requests);
    }
}
