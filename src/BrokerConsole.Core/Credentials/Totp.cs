using System.Buffers.Binary;
using System.Security.Cryptography;

namespace BrokerConsole.Core.Credentials;

/// <summary>
/// RFC 6238 time-based one-time passwords as brokers use them: HMAC-SHA1, 30-second steps,
/// 6 digits. Written here because no TOTP package restores on this toolchain.
/// </summary>
public static class Totp
{
    public const int StepSeconds = 30;

    /// <summary>The code for the step containing <paramref name="at"/>.</summary>
    public static string Compute(ReadOnlySpan<byte> seed, DateTimeOffset at, int digits = 6) =>
        ComputeForCounter(seed, at.ToUnixTimeSeconds() / StepSeconds, digits);

    /// <summary>Seconds until the code shown at <paramref name="at"/> changes.</summary>
    public static int SecondsRemaining(DateTimeOffset at) => StepSeconds - (int)(at.ToUnixTimeSeconds() % StepSeconds);

    /// <summary>
    /// Checks a code allowing <paramref name="driftSteps"/> steps either side, for clocks that disagree a little.
    /// Compares in fixed time so a guesser learns nothing from timing.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> seed, string code, DateTimeOffset at, int driftSteps = 1)
    {
        ArgumentNullException.ThrowIfNull(code);
        var counter = at.ToUnixTimeSeconds() / StepSeconds;
        var matched = false;
        for (var offset = -driftSteps; offset <= driftSteps; offset++)
        {
            var candidate = ComputeForCounter(seed, counter + offset, code.Length is >= 6 and <= 8 ? code.Length : 6);
            matched |= CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(candidate), System.Text.Encoding.ASCII.GetBytes(code));
        }

        return matched;
    }

    internal static string ComputeForCounter(ReadOnlySpan<byte> seed, long counter, int digits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 6);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 8);

        Span<byte> message = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(message, counter);
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
#pragma warning disable CA5350 // RFC 6238 and every broker's authenticator use HMAC-SHA1; this is not a collision-sensitive use.
        HMACSHA1.HashData(seed, message, hash);
#pragma warning restore CA5350

        // Dynamic truncation (RFC 4226 §5.3).
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        var modulo = digits switch { 6 => 1_000_000, 7 => 10_000_000, _ => 100_000_000 };
        return (binary % modulo).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }
}
