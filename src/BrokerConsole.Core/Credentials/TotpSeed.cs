using System.Diagnostics.CodeAnalysis;
using System.Text;
using OtpNet;

namespace BrokerConsole.Core.Credentials;

/// <summary>
/// A broker account's TOTP secret, decoded from the Base32 text authenticator apps show. The console's one door
/// to Otp.NET: the rest of the app parses seeds and asks for codes here, so the library can change in one file.
/// </summary>
public sealed class TotpSeed
{
    /// <summary>RFC 6238 as every Indian broker uses it: 30-second steps.</summary>
    public const int StepSeconds = 30;

    private readonly byte[] _key;

    private TotpSeed(byte[] key) => _key = key;

    /// <summary>Decoded length; a seed under 10 bytes (16 Base32 characters) is too weak to be a real one.</summary>
    public int ByteCount => _key.Length;

    /// <summary>Upper-cases and drops spaces, dashes and padding, the ways authenticator apps display seeds.</summary>
    public static string Canonicalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '-' or '=' || char.IsWhiteSpace(c))
            {
                continue;
            }

            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>False for empty text or any character outside the RFC 4648 Base32 alphabet (after <see cref="Canonicalize"/>).</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out TotpSeed? seed)
    {
        seed = null;
        var text = value is null ? string.Empty : Canonicalize(value);
        if (text.Length == 0)
        {
            return false;
        }

        try
        {
            seed = new TotpSeed(Base32Encoding.ToBytes(text));
            return true;
        }
        catch (ArgumentException)
        {
            // Otp.NET reports a character outside the alphabet this way; to callers it is simply "not Base32".
            return false;
        }
    }

    /// <exception cref="FormatException">The text is not Base32; callers turn this into their own user-facing message.</exception>
    public static TotpSeed Parse(string value) =>
        TryParse(value, out var seed) ? seed : throw new FormatException("The value is not Base32.");

    /// <summary>Wraps raw key bytes (the RFC 6238 test seeds are ASCII, not Base32).</summary>
    public static TotpSeed FromBytes(ReadOnlySpan<byte> key) => new(key.ToArray());

    /// <summary>The code for the 30-second step containing <paramref name="at"/>, and when that step ends.</summary>
    public TotpCode CodeAt(DateTimeOffset at, int digits = TotpCode.DefaultDigits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 6);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 8);
        var totp = new Totp(_key, step: StepSeconds, mode: OtpHashMode.Sha1, totpSize: digits);
        var utc = at.UtcDateTime;
        return new TotpCode(totp.ComputeTotp(utc), at.AddSeconds(totp.RemainingSeconds(utc)));
    }

    internal byte[] ToArray() => (byte[])_key.Clone();
}
