using System.Net;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;

namespace BrokerConsole.Tests.Brokers.Zerodha;

/// <summary>No token, secret or checksum reaches the logs, even for DELETE /session/token whose query carries the token.</summary>
public sealed class KiteLoggingTests
{
    private const string CanaryToken = "CANARYtokenQ7x9Z2";
    private readonly CancellationToken _ct = CancellationToken.None;

    [Fact]
    public async Task Logout_token_in_query_string_never_reaches_logs()
    {
        using var host = new KiteTestHost();
        host.Handler.ThenMock("session_logout");

        await host.Client(CanaryToken).LogoutAsync(_ct);

        // The canary really was on the wire, so its absence from the logs means something.
        Assert.Contains(CanaryToken, Assert.Single(host.Handler.Requests).Uri.Query, StringComparison.Ordinal);
        Assert.NotEmpty(host.Logs.Entries);
        Assert.Contains(host.Logs.Entries, e => e.Contains("/session/token", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Entries, e => e.Contains(CanaryToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logout_failure_and_retried_reads_never_log_token()
    {
        using var host = new KiteTestHost();
        host.Handler
            .ThenJson(HttpStatusCode.ServiceUnavailable, """{"status":"error","message":"down","error_type":"NetworkException"}""")
            .ThenMock("profile")
            .ThenError(HttpStatusCode.Forbidden, "TokenException", "Incorrect `api_key` or `access_token`.");
        var client = host.Client(CanaryToken);

        await client.GetProfileAsync(_ct);
        await Assert.ThrowsAsync<SessionExpiredException>(() => client.LogoutAsync(_ct));

        Assert.DoesNotContain(host.Logs.Entries, e => e.Contains(CanaryToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExchangeRequestToken_secret_request_token_and_checksum_never_reach_logs()
    {
        const string Secret = "SECRETcanaryW3";
        const string RequestToken = "REQcanaryV8";
        using var host = new KiteTestHost();
        host.Handler.ThenError(HttpStatusCode.Forbidden, "TokenException", "Invalid `checksum`.");

        await Assert.ThrowsAsync<SessionExpiredException>(() =>
            host.Exchanger.ExchangeRequestTokenAsync(AccountEnvironment.Live, "key123", Secret, RequestToken, _ct));

        var checksum = Core.Brokers.Zerodha.KiteChecksum.Compute("key123", RequestToken, Secret);
        foreach (var secret in new[] { Secret, RequestToken, checksum })
        {
            Assert.DoesNotContain(host.Logs.Entries, e => e.Contains(secret, StringComparison.Ordinal));
        }
    }
}
