namespace BrokerConsole.Core.Brokers.Http;

/// <summary>The one scrubber for broker messages that end up in exceptions, pages and logs.</summary>
internal static class BrokerSecrets
{
    /// <summary>Longest broker message kept: enough for any real one, short enough that an HTML error page is not pasted whole.</summary>
    public const int MaxMessageLength = 500;

    /// <summary>
    /// Removes every secret the call carried from a broker message, should the broker echo one. Values under four
    /// characters are skipped: replacing "1" or "ok" would mangle the message and protect nothing.
    /// </summary>
    public static string? Scrub(string? message, IReadOnlyList<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (string.IsNullOrEmpty(message))
        {
            return message;
        }

        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
            {
                message = message.Replace(secret, "[redacted]", StringComparison.Ordinal);
            }
        }

        message = message.Trim();
        return message.Length > MaxMessageLength ? message[..MaxMessageLength] : message;
    }
}
