using System.Buffers.Text;
using System.Text.Json;

namespace BrokerConsole.Core.Brokers;

/// <summary>Reads claims of a broker's JWT without verifying it (the broker verifies; the app only needs the expiry).</summary>
internal static class JwtClaims
{
    /// <summary>The <c>exp</c> claim, or null when the token is not a readable JWT.</summary>
    public static DateTimeOffset? Expiry(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return payload.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}
