using System.Security.Cryptography;
using System.Text;

namespace BrokerConsole.Core.Brokers.Zerodha;

/// <summary>Kite's SHA-256 checksums: session exchange and postback verification.</summary>
public static class KiteChecksum
{
    /// <summary>Lowercase hex SHA-256 of <c>api_key + request_token + api_secret</c>, sent with <c>POST /session/token</c>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string Compute(string apiKey, string requestToken, string apiSecret)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        ArgumentNullException.ThrowIfNull(requestToken);
        ArgumentNullException.ThrowIfNull(apiSecret);
        return Sha256Hex(apiKey + requestToken + apiSecret);
    }

    /// <summary>Lowercase hex SHA-256 of <c>order_id + order_timestamp + api_secret</c>, the checksum a postback carries.</summary>
    /// <param name="orderId">The postback's <c>order_id</c>.</param>
    /// <param name="orderTimestamp">The postback's <c>order_timestamp</c>, exactly as sent (e.g. <c>2022-03-03 09:24:25</c>).</param>
    /// <param name="apiSecret">The app's API secret.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string ForPostback(string orderId, string orderTimestamp, string apiSecret)
    {
        ArgumentNullException.ThrowIfNull(orderId);
        ArgumentNullException.ThrowIfNull(orderTimestamp);
        ArgumentNullException.ThrowIfNull(apiSecret);
        return Sha256Hex(orderId + orderTimestamp + apiSecret);
    }

    /// <summary>Whether a postback's checksum is genuine, compared in fixed time.</summary>
    public static bool VerifyPostback(string orderId, string orderTimestamp, string apiSecret, string? checksum) =>
        checksum is not null && FixedTimeHexEquals(ForPostback(orderId, orderTimestamp, apiSecret), checksum);

    /// <summary>Whether <paramref name="checksum"/> is the session checksum for these values, compared in fixed time.</summary>
    public static bool VerifySession(string apiKey, string requestToken, string apiSecret, string? checksum) =>
        checksum is not null && FixedTimeHexEquals(Compute(apiKey, requestToken, apiSecret), checksum);

    private static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static bool FixedTimeHexEquals(string expectedHex, string candidateHex)
    {
        // Compare decoded bytes so case does not matter; a malformed candidate is simply unequal.
        if (candidateHex.Length != expectedHex.Length)
        {
            return false;
        }

        byte[] candidate;
        try
        {
            candidate = Convert.FromHexString(candidateHex);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(expectedHex), candidate);
    }
}
