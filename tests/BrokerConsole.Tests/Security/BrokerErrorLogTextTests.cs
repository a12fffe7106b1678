using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Logging;

namespace BrokerConsole.Tests.Security;

/// <summary>
/// Issue #17 §6: a broker's error text reaches log lines (a logged exception's message, a renewal refusal's code), so a
/// CR/LF in it must not forge a second log entry: control characters are escaped the way postback values are.
/// </summary>
public sealed class BrokerErrorLogTextTests
{
    private const string Forged = "Order rejected\r\n2026-12-04 info: BrokerConsole[0] Admin signed in\u0007";

    public static TheoryData<BrokerApiException> Exceptions() => new()
    {
        new BrokerRejectedException(BrokerKind.Zerodha, 400, "InputException", Forged),
        new SessionExpiredException(BrokerKind.Fyers, 401, "-16\r\n", Forged),
        new RateLimitedException(BrokerKind.Dhan, 429, null, Forged, null, local: false),
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void A_brokers_message_and_code_carry_no_control_characters(BrokerApiException exception)
    {
        Assert.DoesNotContain(exception.Message, char.IsControl);
        Assert.DoesNotContain(exception.BrokerMessage!, char.IsControl);
        Assert.DoesNotContain(exception.ErrorCode ?? "", char.IsControl);
        Assert.Contains("\\u000d\\u000a2026-12-04", exception.Message, StringComparison.Ordinal);
        // The whole message is kept for the user: nothing of the broker's words is cut.
        Assert.EndsWith("signed in\\u0007", exception.BrokerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_value_is_escaped_and_cut_at_the_length_asked()
    {
        var escaped = LogText.Escape(new string('a', 500) + "\n", 1000);

        Assert.Equal(new string('a', 500) + "\\u000a", escaped);
        Assert.Equal(LogText.MaxLength + 1, LogText.Escape(new string('b', 500)).Length);
    }
}
