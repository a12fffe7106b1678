using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace BrokerConsole.Core.Credentials;

/// <summary>RFC 4648 Base32 (the alphabet TOTP apps use for their seeds).</summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>Upper-cases and drops spaces, dashes and padding, the ways authenticator apps display seeds.</summary>
    public static string Canonicalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is ' ' or '-' or '=' || char.IsWhiteSpace(c))
            {
                continue;
            }

            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString();
    }

    public static bool TryDecode(string value, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        var text = Canonicalize(value);
        if (text.Length == 0)
        {
            return false;
        }

        var output = new byte[text.Length * 5 / 8];
        int buffer = 0, bitsLeft = 0, index = 0;
        foreach (var c in text)
        {
            var digit = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0)
            {
                return false;
            }

            buffer = (buffer << 5) | digit;
            bitsLeft += 5;
            if (bitsLeft >= 8)
            {
                bitsLeft -= 8;
                output[index++] = (byte)(buffer >> bitsLeft);
                buffer &= (1 << bitsLeft) - 1;
            }
        }

        bytes = output;
        return true;
    }

    public static byte[] Decode(string value) =>
        TryDecode(value, out var bytes) ? bytes : throw new FormatException("The value is not Base32.");

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var builder = new StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bitsLeft = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bitsLeft += 8;
            while (bitsLeft >= 5)
            {
                bitsLeft -= 5;
                builder.Append(Alphabet[(buffer >> bitsLeft) & 31]);
            }

            buffer &= (1 << bitsLeft) - 1;
        }

        if (bitsLeft > 0)
        {
            builder.Append(Alphabet[(buffer << (5 - bitsLeft)) & 31]);
        }

        return builder.ToString();
    }
}
