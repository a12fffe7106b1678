using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Brokers.AngelOne;

namespace BrokerConsole.Tests.Brokers.AngelOne;

public sealed class AngelErrorMapTests
{
    [Theory]
    [InlineData("AG8001")]
    [InlineData("AG8002")]
    [InlineData("AG8003")]
    [InlineData("AB8050")]
    [InlineData("AB8051")]
    [InlineData("AB1010")]
    [InlineData("AB1011")]
    public void Map_expiry_codes_with_http_200_are_session_expired(string code) =>
        Assert.IsType<SessionExpiredException>(AngelErrorMap.Map(200, code, "Invalid Token"));

    [Theory]
    [InlineData("AB1050", "Invalid totp")]
    [InlineData("AB1007", "Invalid clientcode or MPIN")]
    [InlineData("AB1009", "Symbol not found")]
    [InlineData("AB1013", "Order not found")]
    [InlineData("AB4008", "ordertag length should be less than 20 characters")]
    public void Map_request_codes_are_rejections(string code, string message)
    {
        var error = Assert.IsType<BrokerRejectedException>(AngelErrorMap.Map(200, code, message));
        Assert.Equal(code, error.ErrorCode);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_plain_text_403_rate_limit_is_rate_limited() =>
        Assert.IsType<RateLimitedException>(AngelErrorMap.Map(403, null, "Access denied because of exceeding access rate"));

    [Theory]
    [InlineData(200, "AB1004")]
    [InlineData(200, "AB2001")]
    [InlineData(502, null)]
    public void Map_server_side_failures_are_unavailable(int status, string? code) =>
        Assert.IsType<BrokerUnavailableException>(AngelErrorMap.Map(status, code, "Something went wrong"));

    [Fact]
    public void Map_401_without_code_is_session_expired() =>
        Assert.IsType<SessionExpiredException>(AngelErrorMap.Map(401, null, null));

    [Fact]
    public void Map_blocked_client_is_permission_denied() =>
        Assert.IsType<PermissionDeniedException>(AngelErrorMap.Map(200, "AB1006", "Client is blocked for trading"));
}
