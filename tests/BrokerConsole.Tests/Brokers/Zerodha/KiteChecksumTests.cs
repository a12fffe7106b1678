using BrokerConsole.Core.Brokers.Zerodha;

namespace BrokerConsole.Tests.Brokers.Zerodha;

/// <summary>Test vectors from shared/reference/kite-connect.md §2.1 and §11.</summary>
public sealed class KiteChecksumTests
{
    private const string SessionVector = "b499bbabdea46bcc2d10589f14f158c7a81066ebaeae6e1f99da10857d0dab83";
    private const string PostbackVector = "da731e84e773552b01ee900752e6cd2441a05f02e01c8057726380ea93fd60b1";

    [Fact]
    public void Compute_reference_vector_matches() =>
        Assert.Equal(SessionVector, KiteChecksum.Compute("abc123", "req456", "sec789"));

    [Fact]
    public void ForPostback_reference_vector_matches() =>
        Assert.Equal(PostbackVector, KiteChecksum.ForPostback("220303000308932", "2022-03-03 09:24:25", "sec789"));

    [Theory]
    [InlineData(PostbackVector, true)]
    [InlineData("DA731E84E773552B01EE900752E6CD2441A05F02E01C8057726380EA93FD60B1", true)]
    [InlineData("da731e84e773552b01ee900752e6cd2441a05f02e01c8057726380ea93fd60b2", false)]
    [InlineData("2011845d9348bd6795151bf4258102a03431e3bb12a79c0df73fcb4b7fde4b5d", false)]
    [InlineData("not-hex", false)]
    [InlineData("zz731e84e773552b01ee900752e6cd2441a05f02e01c8057726380ea93fd60b1", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void VerifyPostback_candidate_checksum_is_accepted_only_when_genuine(string? candidate, bool expected) =>
        Assert.Equal(expected, KiteChecksum.VerifyPostback("220303000308932", "2022-03-03 09:24:25", "sec789", candidate));

    [Fact]
    public void VerifySession_reference_vector_is_genuine_and_other_secret_is_not()
    {
        Assert.True(KiteChecksum.VerifySession("abc123", "req456", "sec789", SessionVector));
        Assert.False(KiteChecksum.VerifySession("abc123", "req456", "other", SessionVector));
    }
}
