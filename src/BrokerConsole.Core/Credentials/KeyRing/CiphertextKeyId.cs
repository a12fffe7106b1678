using Microsoft.AspNetCore.WebUtilities;

namespace BrokerConsole.Core.Credentials.KeyRing;

/// <summary>
/// Reads which Data Protection key wrote a stored ciphertext, without decrypting it. Every protected payload
/// starts with a 4-byte magic header (09 F0 C9 F0) and the 16-byte id of its key (the documented payload format),
/// so the start-up check can tell "the keys of the stored secrets are gone" apart from a damaged ciphertext.
/// </summary>
public static class CiphertextKeyId
{
    private static ReadOnlySpan<byte> MagicHeader => [0x09, 0xF0, 0xC9, 0xF0];

    public static bool TryRead(string? ciphertext, out Guid keyId)
    {
        keyId = Guid.Empty;
        if (string.IsNullOrEmpty(ciphertext))
        {
            return false;
        }

        byte[] payload;
        try
        {
            payload = WebEncoders.Base64UrlDecode(ciphertext);
        }
        catch (FormatException)
        {
            return false;
        }

        if (payload.Length < 20 || !payload.AsSpan(0, 4).SequenceEqual(MagicHeader))
        {
            return false;
        }

        keyId = new Guid(payload.AsSpan(4, 16));
        return true;
    }
}
