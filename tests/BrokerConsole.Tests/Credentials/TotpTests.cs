using System.Text;
using BrokerConsole.Core.Credentials;

namespace BrokerConsole.Tests.Credentials;

public sealed class TotpTests
{
    // RFC 6238 Appendix B, SHA-1 seed "12345678901234567890".
    private static readonly byte[] _rfcSeed = Encoding.ASCII.GetBytes("12345678901234567890");

    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void Compute_rfc6238_vectors_match_eight_digits(long unixSeconds, string expected)
    {
        Assert.Equal(expected, Totp.Compute(_rfcSeed, DateTimeOffset.FromUnixTimeSeconds(unixSeconds), digits: 8));
    }

    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1234567890L, "005924")]
    [InlineData(20000000000L, "353130")]
    public void Compute_six_digits_are_the_low_digits_of_the_rfc_value(long unixSeconds, string expected)
    {
        Assert.Equal(expected, Totp.Compute(_rfcSeed, DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));
    }

    [Fact]
    public void Verify_accepts_one_step_of_drift_and_rejects_two()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1234567890);
        var code = Totp.Compute(_rfcSeed, at);
        Assert.True(Totp.Verify(_rfcSeed, code, at.AddSeconds(30)));
        Assert.True(Totp.Verify(_rfcSeed, code, at.AddSeconds(-30)));
        Assert.False(Totp.Verify(_rfcSeed, code, at.AddSeconds(90)));
        Assert.False(Totp.Verify(_rfcSeed, "000000", at));
    }

    [Fact]
    public void SecondsRemaining_counts_down_within_the_step()
    {
        Assert.Equal(30, Totp.SecondsRemaining(DateTimeOffset.FromUnixTimeSeconds(60)));
        Assert.Equal(1, Totp.SecondsRemaining(DateTimeOffset.FromUnixTimeSeconds(89)));
    }

    [Fact]
    public void Compute_from_base32_seed_matches_ascii_seed()
    {
        var base32 = Base32.Encode(_rfcSeed);
        Assert.Equal("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", base32);
        Assert.Equal("287082", Totp.Compute(Base32.Decode(base32), DateTimeOffset.FromUnixTimeSeconds(59)));
    }
}
