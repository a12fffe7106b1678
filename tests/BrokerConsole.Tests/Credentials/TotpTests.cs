using System.Text;
using BrokerConsole.Core.Credentials;

namespace BrokerConsole.Tests.Credentials;

/// <summary>The console's TOTP wrapper over Otp.NET, held to RFC 6238 so a library change cannot silently shift codes.</summary>
public sealed class TotpTests
{
    // RFC 6238 Appendix B, SHA-1 seed "12345678901234567890".
    private static readonly TotpSeed _rfcSeed = TotpSeed.FromBytes(Encoding.ASCII.GetBytes("12345678901234567890"));

    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void CodeAt_rfc6238_vectors_match_eight_digits(long unixSeconds, string expected)
    {
        Assert.Equal(expected, _rfcSeed.CodeAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds), digits: 8).Value);
    }

    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1234567890L, "005924")]
    [InlineData(20000000000L, "353130")]
    public void CodeAt_six_digits_are_the_low_digits_of_the_rfc_value(long unixSeconds, string expected)
    {
        Assert.Equal(expected, _rfcSeed.CodeAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)).Value);
    }

    [Theory]
    [InlineData(60L, 90L)]
    [InlineData(89L, 90L)]
    [InlineData(1234567890L, 1234567890L + 30 - (1234567890L % 30))]
    public void CodeAt_is_valid_until_the_end_of_its_30_second_step(long unixSeconds, long endOfStep)
    {
        var code = _rfcSeed.CodeAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(endOfStep), code.ValidUntil);
        Assert.Equal(code.Value, _rfcSeed.CodeAt(DateTimeOffset.FromUnixTimeSeconds(endOfStep - 1)).Value);
        Assert.NotEqual(code.Value, _rfcSeed.CodeAt(DateTimeOffset.FromUnixTimeSeconds(endOfStep)).Value);
    }

    [Fact]
    public void CodeAt_ignores_the_offset_of_the_instant()
    {
        var utc = DateTimeOffset.FromUnixTimeSeconds(1111111109);
        var ist = utc.ToOffset(TimeSpan.FromHours(5.5));

        Assert.Equal("081804", _rfcSeed.CodeAt(ist).Value);
        Assert.Equal(utc.AddSeconds(1), _rfcSeed.CodeAt(ist).ValidUntil);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(9)]
    public void CodeAt_refuses_digit_counts_no_broker_uses(int digits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _rfcSeed.CodeAt(DateTimeOffset.UnixEpoch, digits));
    }

    [Fact]
    public void CodeAt_from_the_base32_seed_matches_the_ascii_seed()
    {
        var seed = TotpSeed.Parse("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        Assert.Equal("287082", seed.CodeAt(DateTimeOffset.FromUnixTimeSeconds(59)).Value);
    }
}
