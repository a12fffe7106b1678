using OtpNet;

namespace BrokerConsole.Sandbox.Shared;

/// <summary>
/// The TOTP check every sandbox broker (Kite, Angel One, Fyers, Dhan) makes on its login, through Otp.NET.
/// The sandbox plays the broker and does not reference BrokerConsole.Core, so it has its own thin wrapper;
/// the RFC 6238 vectors in the tests keep both sides honest now that they share the library.
/// </summary>
internal static class SandboxTotp
{
    private const int StepSeconds = 30;

    // One step either side, as the brokers allow for a phone whose clock is a few seconds off.
    private static readonly VerificationWindow _drift = new(previous: 1, future: 1);

    /// <summary>True when <paramref name="code"/> is the 6-digit code of the current step or one step either side.</summary>
    public static bool Verify(byte[] seed, string? code, DateTimeOffset now) =>
        code is { Length: 6 } && code.All(char.IsAsciiDigit)
        && Totp(seed).VerifyTotp(now.UtcDateTime, code, out _, _drift);

    /// <summary>The code an authenticator shows at <paramref name="now"/> (the demo login pages print it).</summary>
    public static string CodeAt(byte[] seed, DateTimeOffset now) => Totp(seed).ComputeTotp(now.UtcDateTime);

    /// <summary>RFC 4648 Base32 (case-insensitive; padding, spaces and dashes ignored); null when empty or malformed.</summary>
    public static byte[]? DecodeSeed(string? text)
    {
        var canonical = string.Concat((text ?? string.Empty).Where(c => c is not ('=' or '-') && !char.IsWhiteSpace(c)));
        if (canonical.Length == 0)
        {
            return null;
        }

        try
        {
            return Base32Encoding.ToBytes(canonical);
        }
        catch (ArgumentException)
        {
            return null; // a character outside the alphabet
        }
    }

    private static Totp Totp(byte[] seed) => new(seed, step: StepSeconds, mode: OtpHashMode.Sha1, totpSize: 6);
}
