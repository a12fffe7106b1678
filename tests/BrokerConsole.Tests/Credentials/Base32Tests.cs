using System.Text;
using BrokerConsole.Core.Credentials;

namespace BrokerConsole.Tests.Credentials;

/// <summary>Parsing a TOTP seed from the Base32 text an authenticator app shows (decoding is Otp.NET's).</summary>
public sealed class Base32Tests
{
    // RFC 4648 §10 test vectors (padding dropped, as authenticator apps show them).
    [Theory]
    [InlineData("f", "MY")]
    [InlineData("fo", "MZXQ")]
    [InlineData("foo", "MZXW6")]
    [InlineData("foob", "MZXW6YQ")]
    [InlineData("fooba", "MZXW6YTB")]
    [InlineData("foobar", "MZXW6YTBOI")]
    [InlineData("foobar", "MZXW6YTBOI======")]
    public void Parse_matches_rfc4648_vectors(string plain, string encoded)
    {
        var seed = TotpSeed.Parse(encoded);

        Assert.Equal(plain, Encoding.ASCII.GetString(seed.ToArray()));
        Assert.Equal(plain.Length, seed.ByteCount);
    }

    [Fact]
    public void TryParse_ignores_spaces_dashes_padding_and_case()
    {
        Assert.True(TotpSeed.TryParse("mzxw 6ytb-oi======", out var seed));
        Assert.Equal("foobar", Encoding.ASCII.GetString(seed.ToArray()));
    }

    [Fact]
    public void Canonicalize_gives_the_form_that_is_stored()
    {
        Assert.Equal("JBSWY3DPEHPK3PXP", TotpSeed.Canonicalize(" jbsw-y3dp\tehpk 3pxp== "));
    }

    [Theory]
    [InlineData("MZXW1")]
    [InlineData("MZXW8")]
    [InlineData("not base32 at all!")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void TryParse_rejects_empty_text_and_characters_outside_the_alphabet(string? value)
    {
        Assert.False(TotpSeed.TryParse(value, out var seed));
        Assert.Null(seed);
    }

    [Fact]
    public void Parse_of_text_that_is_not_base32_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => TotpSeed.Parse("MZXW1"));
    }

    [Fact]
    public void TryParse_never_throws_for_any_length_of_valid_characters()
    {
        // Decoding of a trailing partial group is where Base32 decoders go wrong; every length must decode to length*5/8 bytes.
        for (var length = 1; length <= 64; length++)
        {
            Assert.True(TotpSeed.TryParse(new string('7', length), out var seed), $"length {length}");
            Assert.Equal(length * 5 / 8, seed.ByteCount);
        }
    }
}
