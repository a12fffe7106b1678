using System.Buffers.Binary;
using System.Security.Cryptography;

namespace BrokerConsole.Sandbox.Kite;

/// <summary>
/// RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits), written here on purpose: the sandbox plays the broker
/// and must not share code with the client it is testing (BrokerConsole.Core has its own).
/// </summary>
internal static class KiteTotp
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>True when <paramref name="code"/> matches the current step or one step either side (clock drift).</summary>
    public static bool Verify(byte[] secret, string? code, DateTimeOffset now)
    {
        if (code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        var step = now.ToUnixTimeSeconds() / 30;
        for (var delta = -1; delta <= 1; delta++)
        {
            if (CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.ASCII.GetBytes(Compute(secret, step + delta)),
                    System.Text.Encoding.ASCII.GetBytes(code)))
            {
                return true;
            }
        }

        return false;
    }

    public static string Compute(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // RFC 6238 TOTP is defined over HMAC-SHA1; this is not a general-purpose hash use.
        HMACSHA1.HashData(secret, counter, hash);
#pragma warning restore CA5350
        var offset = hash[19] & 0x0F;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7FFFFFFF) % 1_000_000;
        return binary.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 4648 Base32 (case-insensitive, padding and spaces ignored); null when malformed.</summary>
    public static byte[]? DecodeBase32(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var output = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var raw in text)
        {
            if (raw is '=' or ' ' or '-')
            {
                continue;
            }

            var value = Alphabet.IndexOf(char.ToUpperInvariant(raw), StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)((buffer >> bits) & 0xFF));
            }
        }

        return output.ToArray();
    }
}
