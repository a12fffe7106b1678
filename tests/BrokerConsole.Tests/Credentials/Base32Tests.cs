using System.Text;
using BrokerConsole.Core.Credentials;

namespace BrokerConsole.Tests.Credentials;

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
    public void Encode_and_decode_match_rfc4648_vectors(string plain, string encoded)
    {
        Assert.Equal(encoded, Base32.Encode(Encoding.ASCII.GetBytes(plain)));
        Assert.Equal(plain, Encoding.ASCII.GetString(Base32.Decode(encoded)));
    }

    [Fact]
    public void TryDecode_ignores_spaces_dashes_padding_and_case()
    {
        Assert.True(Base32.TryDecode("mzxw 6ytb-oi======", out var bytes));
        Assert.Equal("foobar", Encoding.ASCII.GetString(bytes));
    }

    [Theory]
    [InlineData("MZXW1")]
    [InlineData("MZXW8")]
    [InlineData("")]
    [InlineData("   ")]
    public void TryDecode_rejects_characters_outside_the_alphabet(string value)
    {
        Assert.False(Base32.TryDecode(value, out _));
    }
}
